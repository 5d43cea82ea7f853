package dev.chaosharness.faultproxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import dev.chaosharness.faultproxy.observe.ObservationLog;

/** Every proxy by name, sorted as {@code GET /proxies} lists them. */
final class ProxyRegistry {

    private final TreeMap<String, Proxy> proxies = new TreeMap<>();
    private final FaultRandom random;
    private final ObservationLog observations = new ObservationLog();
    private final DataPlane dataPlane = DataPlane.forThisMachine();

    ProxyRegistry(FaultRandom random) {
        this.random = random;
    }

    ObservationLog observations() {
        return observations;
    }

    synchronized List<Proxy> all() {
        return new ArrayList<>(proxies.values());
    }

    synchronized Optional<Proxy> find(String name) {
        return Optional.ofNullable(proxies.get(name));
    }

    Proxy get(String name) {
        return find(name).orElseThrow(ApiException::proxyNotFound);
    }

    /** Creates and (when enabled) starts a proxy; 409 before any bind when the name exists. */
    synchronized Proxy create(String name, String listen, String upstream, boolean enabled) {
        if (proxies.containsKey(name)) {
            throw new ApiException(409, "proxy already exists");
        }
        Proxy proxy = new Proxy(name, listen, upstream, dataPlane, random, observations);
        if (enabled) {
            proxy.start();
        }
        proxies.put(name, proxy);
        return proxy;
    }

    synchronized void delete(String name) {
        Proxy proxy = proxies.remove(name);
        if (proxy == null) {
            throw ApiException.proxyNotFound();
        }
        proxy.removeAllToxics();
        proxy.stop();
    }

    /** Every proxy enabled, every toxic removed, no proxy deleted. */
    void reset() {
        for (Proxy proxy : all()) {
            proxy.removeAllToxics();
            proxy.update(Optional.empty(), Optional.empty(), Optional.of(true));
        }
    }

    /** Replaces a proxy whose listen or upstream differ; keeps one that is the same. */
    synchronized Proxy createOrReplace(String name, String listen, String upstream, boolean enabled) {
        Proxy existing = proxies.get(name);
        if (existing != null) {
            if (existing.upstream().equals(upstream) && sameListen(existing, listen)) {
                return existing;
            }
            delete(name);
        }
        return create(name, listen, upstream, enabled);
    }

    /** Stops every proxy, then the data plane's threads. */
    void stopAll() {
        for (Proxy proxy : all()) {
            proxy.removeAllToxics();
            proxy.stop();
        }
        dataPlane.close();
    }

    private static boolean sameListen(Proxy proxy, String listen) {
        if (proxy.listen().equals(listen)) {
            return true;
        }
        try {
            var wanted = Proxy.parseAddress(listen, "listen");
            var actual = Proxy.parseAddress(proxy.listen(), "listen");
            return wanted.getPort() == actual.getPort()
                    && (wanted.getAddress() == null || actual.getAddress() == null
                    ? wanted.getAddress() == actual.getAddress()
                    : wanted.getAddress().equals(actual.getAddress()) || wanted.getAddress().isAnyLocalAddress()
                    && actual.getAddress().isAnyLocalAddress());
        } catch (ApiException e) {
            return false;
        }
    }
}

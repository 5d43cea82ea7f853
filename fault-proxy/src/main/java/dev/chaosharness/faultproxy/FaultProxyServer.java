package dev.chaosharness.faultproxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosharness.faultproxy.http.HttpRequest;
import dev.chaosharness.faultproxy.http.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.chaosharness.faultproxy.observe.HttpExchange;
import dev.chaosharness.faultproxy.observe.ObservedHeaders;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.CountDownLatch;

/**
 * fault-proxy: a TCP fault proxy that speaks the Toxiproxy v2 HTTP API. Embeddable
 * ({@link #start(String, int, long)}, {@link #close()}) or run with {@link #main(String[])}.
 */
public final class FaultProxyServer implements AutoCloseable {

    /** The Toxiproxy version whose behaviour this server follows. */
    public static final String TOXIPROXY_VERSION = "2.12.0";

    private final HttpServer http;
    private final ProxyRegistry registry;
    private final FaultRandom random;

    private FaultProxyServer(HttpServer http, ProxyRegistry registry, FaultRandom random) {
        this.http = http;
        this.registry = registry;
        this.random = random;
    }

    /** Starts the control API on host:port (port 0: a free one), with the given random seed. */
    public static FaultProxyServer start(String host, int port, long seed) {
        FaultRandom random = new FaultRandom(seed);
        ProxyRegistry registry = new ProxyRegistry(random);
        ControlApi api = new ControlApi(registry, TOXIPROXY_VERSION);
        warmUp(api);
        try {
            HttpServer http = HttpServer.start(new InetSocketAddress(host, port), api);
            return new FaultProxyServer(http, registry, random);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the fault-proxy API on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * One proxy created, listed and deleted before the API opens, so that a client's first calls do
     * not pay for loading the JSON binding and the proxy's classes (creating 200 proxies on a fresh
     * server took 2.7x the real Toxiproxy's time, which is compiled ahead of time). It draws nothing
     * from the seeded random source.
     */
    private static void warmUp(ControlApi api) {
        String name = "fault-proxy-warm-up";
        byte[] create = ("{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:9\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        api.apply(new HttpRequest("POST", "/proxies", java.util.Map.of(), create));
        api.apply(new HttpRequest("GET", "/proxies", java.util.Map.of(), new byte[0]));
        api.apply(new HttpRequest("DELETE", "/proxies/" + name, java.util.Map.of(), new byte[0]));
    }

    /** On 127.0.0.1, a free port, a random seed. */
    public static FaultProxyServer startOnFreePort() {
        return start("127.0.0.1", 0, System.nanoTime());
    }

    public int port() {
        return http.address().getPort();
    }

    public String host() {
        return http.address().getAddress().getHostAddress();
    }

    /** The control API's base URI, e.g. {@code http://127.0.0.1:8474}. */
    public URI uri() {
        return URI.create("http://" + host() + ":" + port());
    }

    public long seed() {
        return random.seed();
    }

    /**
     * Every later random choice as a server started with {@code seed} would make it (Java API only:
     * a harness that keeps one server for several runs gives each run its own seed).
     */
    public void reseed(long seed) {
        random.reseed(seed);
    }

    /** Open proxied connections of a proxy (for tests and probes); empty if there is no such proxy. */
    /** Observe the HTTP/1.1 exchanges on a proxy's new connections (extension; see the README). */
    public void observeHttp(String proxyName, ObservedHeaders headers) {
        registry.get(proxyName).observeHttp(headers);
    }

    /** Every exchange observed on any proxy, as it completes, to {@code listener}. */
    public void addObservationListener(Consumer<HttpExchange> listener) {
        registry.observations().addListener(listener);
    }

    /** How often, per proxy, the observed bytes were not HTTP/1.1 that could be followed. */
    public Map<String, Long> unparsedByLink() {
        return registry.observations().unparsedByLink();
    }

    public Optional<Integer> openConnections(String proxyName) {
        return registry.find(proxyName).map(Proxy::openConnections);
    }

    /** Creates the proxies of a populate-style JSON file (an array of proxies). */
    public void populate(Path file) {
        try {
            JsonNode entries = Json.MAPPER.readTree(Files.readAllBytes(file));
            if (entries == null || !entries.isArray()) {
                throw new IllegalArgumentException(file + ": expected a JSON array of proxies");
            }
            int index = 0;
            for (JsonNode entry : entries) {
                index++;
                int at = index;
                String name = Json.text(entry, "name").orElseThrow(() ->
                        new IllegalArgumentException(file + ": proxy " + at + ": missing required field: name"));
                String upstream = Json.text(entry, "upstream").orElseThrow(() ->
                        new IllegalArgumentException(file + ": proxy " + at + ": missing required field: upstream"));
                registry.createOrReplace(name, Json.text(entry, "listen").orElse("127.0.0.1:0"), upstream,
                        Json.bool(entry, "enabled").orElse(true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Stops the API, every listener and every proxied connection. */
    @Override
    public void close() {
        http.close();
        registry.stopAll();
    }

    public static void main(String[] args) throws InterruptedException {
        String host = "127.0.0.1";
        int port = 8474;
        long seed = System.nanoTime();
        Path config = null;
        List<String> list = splitFlagValues(args);
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            switch (arg) {
                case "--host", "-host" -> host = value(list, ++i, arg);
                case "--port", "-port" -> port = Integer.parseInt(value(list, ++i, arg));
                case "--config", "-config" -> config = Path.of(value(list, ++i, arg));
                case "--seed", "-seed" -> seed = Long.parseLong(value(list, ++i, arg));
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar fault-proxy.jar [--host 127.0.0.1] [--port 8474] "
                            + "[--config proxies.json] [--seed N]");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + arg + " (see --help)");
                    System.exit(64);
                }
            }
        }
        FaultProxyServer server = start(host, port, seed);
        if (config != null) {
            server.populate(config);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "fault-proxy-shutdown"));
        System.out.println("fault-proxy " + TOXIPROXY_VERSION + "-compatible API on " + server.uri() + " (seed " + seed + ")");
        new CountDownLatch(1).await(); // serve until the JVM is told to stop; the hook closes everything
    }

    /** Toxiproxy's own server takes {@code -host=0.0.0.0}; accept that form beside {@code --host 0.0.0.0}. */
    private static List<String> splitFlagValues(String[] args) {
        List<String> split = new java.util.ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("-") && eq > 0) {
                split.add(arg.substring(0, eq));
                split.add(arg.substring(eq + 1));
            } else {
                split.add(arg);
            }
        }
        return split;
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            System.err.println(option + " needs a value");
            System.exit(64);
        }
        return args.get(index);
    }
}

package dev.chaosharness.faultproxy;

import dev.chaosharness.faultproxy.toxic.HttpToxic;
import dev.chaosharness.faultproxy.toxic.Toxic;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import dev.chaosharness.faultproxy.observe.HttpExchangeObserver;
import dev.chaosharness.faultproxy.observe.ObservationLog;
import dev.chaosharness.faultproxy.observe.ObservedHeaders;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One named proxy: a listener that accepts clients and dials {@code upstream} for each, plus the
 * toxics on its two streams. Its listener and connections run on the {@link DataPlane}'s loops, not
 * threads of their own. Toxic lists are immutable snapshots swapped under the proxy's monitor;
 * connections are told of changes after the monitor is released, so the data plane never waits on
 * the API.
 */
public final class Proxy {

    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final String name;
    private final DataPlane dataPlane;
    private final FaultRandom random;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final LinkTraffic traffic = new LinkTraffic();
    private volatile String listen;
    private volatile String upstream;
    private volatile boolean enabled;
    private volatile List<ToxicInstance> upstreamToxics = List.of();
    private volatile List<ToxicInstance> downstreamToxics = List.of();
    private final ObservationLog observations;
    private volatile ObservedHeaders observed;
    private ServerSocketChannel listener;
    private EventLoop listenerLoop;

    Proxy(String name, String listen, String upstream, DataPlane dataPlane, FaultRandom random, ObservationLog observations) {
        this.name = name;
        this.dataPlane = dataPlane;
        this.listen = listen;
        this.upstream = upstream;
        this.random = random;
        this.observations = observations;
    }

    /** Observe the HTTP/1.1 exchanges of connections accepted from now on (an extension, not Toxiproxy's). */
    public void observeHttp(ObservedHeaders headers) {
        this.observed = headers;
    }

    public void stopObserving() {
        this.observed = null;
    }

    /** The headers observed on this proxy's links, when it observes HTTP. */
    public Optional<ObservedHeaders> observedHttp() {
        return Optional.ofNullable(observed);
    }

    public String name() {
        return name;
    }

    public String listen() {
        return listen;
    }

    public String upstream() {
        return upstream;
    }

    public boolean enabled() {
        return enabled;
    }

    public List<ToxicInstance> toxics(Stream stream) {
        return stream == Stream.UPSTREAM ? upstreamToxics : downstreamToxics;
    }

    /** Upstream toxics, then downstream ones, each in creation order. */
    public List<ToxicInstance> allToxics() {
        List<ToxicInstance> all = new ArrayList<>(upstreamToxics);
        all.addAll(downstreamToxics);
        return all;
    }

    public int openConnections() {
        return connections.size();
    }

    /** Connections, bytes and resets since the proxy was created (an extension, not Toxiproxy's). */
    public LinkTraffic.Counts traffic() {
        return traffic.counts(connections.size());
    }

    LinkTraffic trafficCounters() {
        return traffic;
    }

    // ---- lifecycle -------------------------------------------------------------------------

    /** Binds the listen address and starts accepting; 500 with the OS's text if it cannot. */
    synchronized void start() {
        if (enabled) {
            return;
        }
        InetSocketAddress address = parseAddress(listen, "listen");
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, 1024);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ApiException(500, "listen tcp " + listen + ": bind: " + osText(e));
        }
        EventLoop loop = dataPlane.next();
        try {
            loop.register(channel, SelectionKey.OP_ACCEPT, new Listener(channel));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ApiException(500, "listen tcp " + listen + ": " + osText(e));
        }
        listener = channel;
        listenerLoop = loop;
        listen = reported(channel.socket());
        enabled = true;
    }

    /** Closes the listener and every open connection; toxics are kept. Returns once the port is free. */
    void stop() {
        ServerSocketChannel channel;
        EventLoop loop;
        synchronized (this) {
            enabled = false;
            channel = listener;
            loop = listenerLoop;
            listener = null;
            listenerLoop = null;
        }
        if (channel != null) {
            loop.run(() -> {
                closeQuietly(channel);
                loop.releaseClosed(); // a registered channel's port is free only once its key is deregistered
            });
        }
        closeConnections();
    }

    /** Applies a partial update; a changed listen or upstream restarts the proxy. */
    void update(Optional<String> newListen, Optional<String> newUpstream, Optional<Boolean> newEnabled) {
        boolean restart = false;
        synchronized (this) {
            if (newListen.isPresent() && !sameAddress(newListen.get(), listen)) {
                listen = newListen.get();
                restart = true;
            }
            if (newUpstream.isPresent() && !sameAddress(newUpstream.get(), upstream)) {
                upstream = newUpstream.get();
                restart = true;
            }
        }
        boolean wantEnabled = newEnabled.orElse(enabled);
        if (restart || !wantEnabled) {
            stop();
        }
        if (wantEnabled) {
            start();
        }
    }

    // ---- toxics ----------------------------------------------------------------------------

    ToxicInstance addToxic(String toxicName, Toxic toxic, Stream stream, String streamAsSent, double toxicity,
                           ToxicAttributes attributes) {
        ToxicInstance instance;
        synchronized (this) {
            String effectiveName = toxicName == null || toxicName.isEmpty()
                    ? toxic.type() + "_" + streamAsSent.toLowerCase() : toxicName;
            if (findToxic(effectiveName).isPresent()) {
                throw new ApiException(409, "toxic already exists");
            }
            checkHttpToxic(toxic, stream);
            if (toxic instanceof HttpToxic && observed == null) {
                // a Toxiproxy client has no call for our observe extension: the toxic switches it on
                observed = ObservedHeaders.DEFAULT;
            }
            instance = new ToxicInstance(effectiveName, toxic, stream, streamAsSent, toxicity, attributes);
            List<ToxicInstance> updated = new ArrayList<>(toxics(stream));
            updated.add(instance);
            setToxics(stream, updated);
        }
        notifyConnections();
        return instance;
    }

    /** An HTTP toxic needs the proxy to observe HTTP, and acts on one stream: requests upstream, responses downstream. */
    private void checkHttpToxic(Toxic toxic, Stream stream) {
        if (!(toxic instanceof HttpToxic http)) {
            return;
        }
        Stream needed = http.actsOnRequests() ? Stream.UPSTREAM : Stream.DOWNSTREAM;
        if (stream != needed) {
            throw ApiException.badBody(toxic.type() + " acts on " + (http.actsOnRequests() ? "requests" : "responses")
                    + ": its stream is " + needed.name().toLowerCase() + ", was " + stream.name().toLowerCase());
        }
    }

    ToxicInstance updateToxic(String toxicName, ToxicAttributes attributes, Double toxicity) {
        ToxicInstance instance = findToxic(toxicName).orElseThrow(ApiException::toxicNotFound);
        instance.update(attributes, toxicity);
        notifyConnections();
        return instance;
    }

    void removeToxic(String toxicName) {
        synchronized (this) {
            ToxicInstance instance = findToxic(toxicName).orElseThrow(ApiException::toxicNotFound);
            List<ToxicInstance> updated = new ArrayList<>(toxics(instance.stream()));
            updated.remove(instance);
            setToxics(instance.stream(), updated);
        }
        notifyConnections();
    }

    void removeAllToxics() {
        synchronized (this) {
            upstreamToxics = List.of();
            downstreamToxics = List.of();
        }
        notifyConnections();
    }

    Optional<ToxicInstance> findToxic(String toxicName) {
        return allToxics().stream().filter(t -> t.name().equals(toxicName)).findFirst();
    }

    private void setToxics(Stream stream, List<ToxicInstance> toxics) {
        if (stream == Stream.UPSTREAM) {
            upstreamToxics = List.copyOf(toxics);
        } else {
            downstreamToxics = List.copyOf(toxics);
        }
    }

    private void notifyConnections() {
        connections.forEach(Connection::toxicsChanged);
    }

    void forget(Connection connection) {
        connections.remove(connection);
    }

    // ---- data plane ----------------------------------------------------------------------

    /** Accepts every waiting client; each is dialled on the loop it will live on. */
    private final class Listener implements EventLoop.Handler {
        private final ServerSocketChannel channel;

        Listener(ServerSocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void ready(SelectionKey key) throws IOException {
            SocketChannel client;
            while ((client = channel.accept()) != null) {
                accepted(client);
            }
        }

        @Override
        public void failed(Throwable error) {
            System.err.println("fault-proxy: proxy " + name + ": accept: " + error); // keeps listening
        }
    }

    private void accepted(SocketChannel client) {
        traffic.accepted();
        Set<String> toxicsAtAccept = new HashSet<>();
        allToxics().forEach(t -> toxicsAtAccept.add(t.name()));
        ObservedHeaders headers = observed;
        EventLoop loop = dataPlane.next();
        loop.execute(() -> dial(loop, client, toxicsAtAccept, headers));
    }

    /** Dials upstream for one client; if that fails the client, accepted, is closed. */
    private void dial(EventLoop loop, SocketChannel client, Set<String> toxicsAtAccept, ObservedHeaders headers) {
        SocketChannel server = null;
        try {
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            server = SocketChannel.open();
            server.configureBlocking(false);
            server.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (server.connect(parseAddress(upstream, "upstream"))) {
                connected(loop, client, server, null, toxicsAtAccept, headers);
                return;
            }
            SocketChannel dialling = server;
            Dial dial = new Dial(loop, client, dialling, toxicsAtAccept, headers);
            loop.register(dialling, SelectionKey.OP_CONNECT, dial);
            loop.schedule(System.nanoTime() + CONNECT_TIMEOUT_MS * 1_000_000L, dial::timedOut);
        } catch (IOException | ApiException e) {
            dialFailed(client, server);
        }
    }

    /** A dial under way: connected, refused, or timed out. */
    private final class Dial implements EventLoop.Handler {
        private final EventLoop loop;
        private final SocketChannel client;
        private final SocketChannel server;
        private final Set<String> toxicsAtAccept;
        private final ObservedHeaders headers;
        private boolean done;

        Dial(EventLoop loop, SocketChannel client, SocketChannel server, Set<String> toxicsAtAccept, ObservedHeaders headers) {
            this.loop = loop;
            this.client = client;
            this.server = server;
            this.toxicsAtAccept = toxicsAtAccept;
            this.headers = headers;
        }

        @Override
        public void ready(SelectionKey key) throws IOException {
            if (done || !server.finishConnect()) {
                return;
            }
            done = true;
            key.interestOps(0);
            connected(loop, client, server, key, toxicsAtAccept, headers);
        }

        @Override
        public void failed(Throwable error) {
            if (!done) {
                done = true;
                dialFailed(client, server);
            }
        }

        void timedOut() {
            failed(null);
        }
    }

    private void connected(EventLoop loop, SocketChannel client, SocketChannel server, SelectionKey dialKey,
                           Set<String> toxicsAtAccept, ObservedHeaders headers) throws IOException {
        HttpExchangeObserver observer = headers == null ? null : new HttpExchangeObserver(name, headers, observations);
        Connection connection = new Connection(this, loop, client, server, toxicsAtAccept, random, observer,
                headers == null ? ObservedHeaders.DEFAULT : headers);
        connections.add(connection);
        if (!enabled) {
            connection.close(false);
            return;
        }
        connection.start(dialKey);
    }

    private void dialFailed(SocketChannel client, SocketChannel server) {
        traffic.dialFailed();
        closeQuietly(server);
        closeQuietly(client);
    }

    private void closeConnections() {
        for (Connection connection : List.copyOf(connections)) {
            connection.closeAndWait();
        }
    }

    // ---- addresses -------------------------------------------------------------------------

    static InetSocketAddress parseAddress(String hostPort, String field) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new ApiException(500, "listen tcp " + hostPort + ": address " + hostPort + ": missing port in address");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ApiException(500, "listen tcp " + hostPort + ": address " + hostPort + ": invalid port");
        }
        if (port < 0 || port > 65535) {
            throw new ApiException(500, "listen tcp " + hostPort + ": address " + hostPort + ": invalid port");
        }
        try {
            InetAddress address = host.isEmpty() ? null : InetAddress.getByName(host);
            // Any wildcard ("0.0.0.0", "[::]", the form a wildcard bind is reported in) binds the JVM's
            // own wildcard: dual-stack where there is IPv6, IPv4 in a container that has none.
            return address == null || address.isAnyLocalAddress()
                    ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            throw new ApiException(500, "listen tcp: lookup " + host + ": no such host");
        }
    }

    /** Go's form: {@code 127.0.0.1:3310}, {@code [::1]:3310}, and {@code [::]:3310} for a wildcard bind. */
    private static String reported(ServerSocket socket) {
        InetAddress address = socket.getInetAddress();
        String host;
        if (address.isAnyLocalAddress()) {
            host = "[::]";
        } else if (address instanceof Inet6Address) {
            host = "[" + address.getHostAddress() + "]";
        } else {
            host = address.getHostAddress();
        }
        return host + ":" + socket.getLocalPort();
    }

    private static boolean sameAddress(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return parseAddress(a, "address").equals(parseAddress(b, "address"));
        } catch (ApiException e) {
            return false;
        }
    }

    private static String osText(IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof SocketException && message.toLowerCase().contains("address already in use")) {
            return "address already in use";
        }
        return message.toLowerCase();
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing to release
        }
    }
}

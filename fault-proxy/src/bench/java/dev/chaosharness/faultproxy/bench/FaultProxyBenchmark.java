package dev.chaosharness.faultproxy.bench;

import dev.chaosharness.faultproxy.FaultProxyServer;
import dev.chaosharness.faultproxy.observe.ObservedHeaders;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * fault-proxy against a direct loopback connection, in one run, on the same machine:
 * <ol>
 *   <li>throughput: 1 GB streamed one way to a discarding server;</li>
 *   <li>1-byte ping-pong round trips (p50, p99) with no toxics;</li>
 *   <li>the accuracy of a 200 ms downstream latency toxic;</li>
 *   <li>the control API: {@code GET /proxies} kept alive, through the official client, and on a new
 *       connection per call (p50, p99).</li>
 * </ol>
 * Sender, proxy and receiver share the machine's cores, as they do in the experiments.
 */
public final class FaultProxyBenchmark {

    private static final long STREAM_BYTES = 1_000_000_000L;
    private static final int PING_WARMUP = 5_000;
    private static final int PINGS = 20_000;
    private static final int LATENCY_SAMPLES = 50;
    private static final int LOADED_CONNECTIONS = 200;
    private static final int LOADED_ROUND_TRIPS = 10;
    private static final int API_CALLS = 300;
    private static final int ROUNDS = 4;
    private static final int SLOW_CLIENTS = 200;
    private static final int CPU_ROUNDS = 5;

    private FaultProxyBenchmark() {
    }

    /**
     * {@code scale}: only {@link ConnectionScale}; {@code api}: only the control API; {@code cpu [jar ...]}: only
     * {@link CpuPerGib}, of each jar given (default target/fault-proxy.jar), to set two builds side by side; no argument: everything.
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("cpu")) {
            for (String jar : args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : new String[] {"target/fault-proxy.jar"}) {
                CpuPerGib.run(Path.of(jar), CPU_ROUNDS);
            }
            System.exit(0);
        }
        if (args.length > 0 && args[0].equals("api")) {
            try (FaultProxyServer server = FaultProxyServer.start("127.0.0.1", 0, 1)) {
                ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", server.port());
                client.createProxy("sink", "127.0.0.1:0", "127.0.0.1:9"); // GET /proxies lists one, as in the full run
                controlApi(client, server.port());
            }
            System.exit(0);
        }
        ConnectionScale.run(Path.of("target", "fault-proxy.jar"));
        CpuPerGib.run(Path.of("target", "fault-proxy.jar"), CPU_ROUNDS);
        if (args.length > 0 && args[0].equals("scale")) {
            System.exit(0);
        }
        try (FaultProxyServer server = FaultProxyServer.start("127.0.0.1", 0, 1);
             ServerSocket sink = listen(); ServerSocket echo = listen(); ServerSocket httpEcho = listen()) {
            serve(sink, FaultProxyBenchmark::discard);
            serve(echo, FaultProxyBenchmark::echoBack);
            serve(httpEcho, FaultProxyBenchmark::answerHttp);
            ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", server.port());
            Proxy sinkProxy = client.createProxy("sink", "127.0.0.1:0", "127.0.0.1:" + sink.getLocalPort());
            Proxy echoProxy = client.createProxy("echo", "127.0.0.1:0", "127.0.0.1:" + echo.getLocalPort());

            System.out.println("fault-proxy benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, "
                    + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ")");
            stream(sink.getLocalPort()); // warm-up
            stream(port(sinkProxy));
            double direct = stream(sink.getLocalPort());
            double proxied = stream(port(sinkProxy));
            System.out.printf("throughput  direct %8.1f MB/s   proxy %8.1f MB/s   ratio %.2f%n", direct, proxied, proxied / direct);

            long[] directRtt = pingPong(echo.getLocalPort(), PINGS);
            long[] proxiedRtt = pingPong(port(echoProxy), PINGS);
            System.out.printf("round trip  direct p50 %6.1f us p99 %6.1f us   proxy p50 %6.1f us p99 %6.1f us%n",
                    pct(directRtt, 50), pct(directRtt, 99), pct(proxiedRtt, 50), pct(proxiedRtt, 99));
            System.out.printf("added       p50 %6.1f us   p99 %6.1f us%n",
                    pct(proxiedRtt, 50) - pct(directRtt, 50), pct(proxiedRtt, 99) - pct(directRtt, 99));

            httpObservation(server, client, sink, httpEcho);

            echoProxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 200);
            long[] delayed = pingPong(port(echoProxy), LATENCY_SAMPLES);
            System.out.printf("latency toxic 200 ms: p50 %.2f ms (error %+.2f ms)  p99 %.2f ms  min %.2f ms  max %.2f ms%n",
                    pct(delayed, 50) / 1000, pct(delayed, 50) / 1000 - 200, pct(delayed, 99) / 1000,
                    delayed[0] / 1000.0, delayed[delayed.length - 1] / 1000.0);
            long[] loaded = concurrentPingPong(port(echoProxy), LOADED_CONNECTIONS, LOADED_ROUND_TRIPS);
            System.out.printf("latency toxic 200 ms, %d connections at once (%d round trips each): p50 %.2f ms  p99 %.2f ms"
                            + "  max %.2f ms%n", LOADED_CONNECTIONS, LOADED_ROUND_TRIPS, pct(loaded, 50) / 1000,
                    pct(loaded, 99) / 1000, loaded[loaded.length - 1] / 1000.0);

            controlApi(client, server.port());
        }
        System.exit(0);
    }

    /**
     * {@code GET /proxies}: on one kept-alive socket (the server's own cost), through the official
     * client (HttpURLConnection, which keeps the connection alive), and on a new connection per call.
     */
    private static void controlApi(ToxiproxyClient client, int apiPort) throws Exception {
        byte[] request = "GET /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        long[] keptAlive;
        try (Socket socket = new Socket("127.0.0.1", apiPort)) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            keptAlive = timeCalls(() -> {
                socket.getOutputStream().write(request);
                return readResponse(in);
            });
        }
        long[] official = timeCalls(() -> client.getProxies().isEmpty() ? 500 : 200);
        long[] fresh = timeCalls(() -> {
            try (Socket socket = new Socket("127.0.0.1", apiPort)) {
                socket.getOutputStream().write(request);
                return readResponse(new BufferedInputStream(socket.getInputStream()));
            }
        });
        System.out.printf("control API GET /proxies, %d calls each (ms):%n", API_CALLS);
        System.out.printf("  one kept-alive connection  p50 %.2f  p99 %.2f%n", pct(keptAlive, 50) / 1000, pct(keptAlive, 99) / 1000);
        System.out.printf("  official client            p50 %.2f  p99 %.2f%n", pct(official, 50) / 1000, pct(official, 99) / 1000);
        System.out.printf("  new connection per call    p50 %.2f  p99 %.2f%n", pct(fresh, 50) / 1000, pct(fresh, 99) / 1000);
        slowClients(apiPort);
    }

    /** {@code GET /version} on a new connection per call while 200 clients hold half-sent requests open. */
    private static void slowClients(int apiPort) throws Exception {
        byte[] version = "GET /version HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        java.util.List<Socket> slow = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket("127.0.0.1", apiPort);
                socket.getOutputStream().write("POST /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"
                        .getBytes(StandardCharsets.ISO_8859_1));
                slow.add(socket);
            }
            long[] answered = timeCalls(() -> {
                try (Socket socket = new Socket("127.0.0.1", apiPort)) {
                    socket.getOutputStream().write(version);
                    return readResponse(new BufferedInputStream(socket.getInputStream()));
                }
            });
            long apiThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("fault-proxy-api")).count();
            System.out.printf("  GET /version, new connection per call, %d half-sent requests open: p50 %.2f  p99 %.2f"
                    + "  (%d API threads)%n", SLOW_CLIENTS, pct(answered, 50) / 1000, pct(answered, 99) / 1000, apiThreads);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** Reads one response with a Content-Length body; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        if (in.readNBytes(length).length != length) {
            throw new IOException("short body");
        }
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private interface Call {
        int call() throws Exception;
    }

    /** Sorted wall times in microseconds of API_CALLS calls, after as many unmeasured ones. */
    private static long[] timeCalls(Call call) throws Exception {
        long[] micros = new long[API_CALLS];
        for (int i = -API_CALLS; i < API_CALLS; i++) {
            long start = System.nanoTime();
            if (call.call() != 200) {
                throw new IOException("control API did not answer 200");
            }
            if (i >= 0) {
                micros[i] = (System.nanoTime() - start) / 1000;
            }
        }
        Arrays.sort(micros);
        return micros;
    }

    /**
     * The cost of observing HTTP: 1 GB in one HTTP request body, and 20,000 kept-alive HTTP round
     * trips, each through a proxy that observes and one that does not.
     */
    private static void httpObservation(FaultProxyServer server, ToxiproxyClient client, ServerSocket sink,
                                        ServerSocket httpEcho) throws Exception {
        Proxy plainSink = client.createProxy("http-sink", "127.0.0.1:0", "127.0.0.1:" + sink.getLocalPort());
        Proxy observedSink = client.createProxy("http-sink-observed", "127.0.0.1:0", "127.0.0.1:" + sink.getLocalPort());
        Proxy plainEcho = client.createProxy("http-echo", "127.0.0.1:0", "127.0.0.1:" + httpEcho.getLocalPort());
        Proxy observedEcho = client.createProxy("http-echo-observed", "127.0.0.1:0", "127.0.0.1:" + httpEcho.getLocalPort());
        server.observeHttp("http-sink-observed", ObservedHeaders.DEFAULT);
        server.observeHttp("http-echo-observed", ObservedHeaders.DEFAULT);
        AtomicLong exchanges = new AtomicLong();
        server.addObservationListener(e -> exchanges.incrementAndGet());
        byte[] head = ("POST /upload HTTP/1.1\r\nHost: b\r\nContent-Length: " + STREAM_BYTES + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        streamAfter(head, port(plainSink)); // warm-up
        double plain = 0;
        double observed = 0;
        long[] plainRtt = null;
        long[] observedRtt = null;
        // alternated, best of four each: the shared cores make single runs differ by tens of percent
        for (int round = 0; round < ROUNDS; round++) {
            boolean observedFirst = round % 2 == 0; // neither always runs second
            if (observedFirst) {
                observed = Math.max(observed, streamAfter(head, port(observedSink)));
            }
            plain = Math.max(plain, streamAfter(head, port(plainSink)));
            if (!observedFirst) {
                observed = Math.max(observed, streamAfter(head, port(observedSink)));
            }
            if (observedFirst) {
                observedRtt = better(observedRtt, httpPingPong(port(observedEcho), PINGS));
            }
            plainRtt = better(plainRtt, httpPingPong(port(plainEcho), PINGS));
            if (!observedFirst) {
                observedRtt = better(observedRtt, httpPingPong(port(observedEcho), PINGS));
            }
        }
        System.out.printf("http body   proxy    %8.1f MB/s   observing proxy %8.1f MB/s   ratio %.2f%n",
                plain, observed, observed / plain);
        System.out.printf("http round trip  proxy p50 %6.1f us p99 %6.1f us   observing p50 %6.1f us p99 %6.1f us  (%d exchanges observed)%n",
                pct(plainRtt, 50), pct(plainRtt, 99), pct(observedRtt, 50), pct(observedRtt, 99), exchanges.get());
    }

    private static long[] better(long[] best, long[] next) {
        return best == null || pct(next, 50) < pct(best, 50) ? next : best;
    }

    /** MB/s of one connection writing {@code head} then STREAM_BYTES. */
    private static double streamAfter(byte[] head, int port) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            out.write(head);
            for (long sent = 0; sent < STREAM_BYTES; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, STREAM_BYTES - sent));
            }
            socket.shutdownOutput();
            socket.getInputStream().read();
            return STREAM_BYTES / 1e6 / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Sorted microseconds of kept-alive GETs answered with a 2-byte body. */
    private static long[] httpPingPong(int port, int count) throws IOException {
        byte[] request = "GET /ping HTTP/1.1\r\nHost: b\r\nX-Request-Timeout-Ms: 500\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            long[] micros = new long[count];
            for (int i = -PING_WARMUP; i < count; i++) {
                long start = System.nanoTime();
                socket.getOutputStream().write(request);
                readResponse(in);
                if (i >= 0) {
                    micros[i] = (System.nanoTime() - start) / 1000;
                }
            }
            Arrays.sort(micros);
            return micros;
        }
    }

    /** Answers every request head with a fixed 200 (bodiless requests only). */
    private static void answerHttp(Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        byte[] response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1);
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
            if (matched == 4) {
                out.write(response);
                matched = 0;
            }
        }
    }

    /** MB/s (10^6 bytes) of one connection writing STREAM_BYTES. */
    private static double stream(int port) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            for (long sent = 0; sent < STREAM_BYTES; sent += chunk.length) {
                out.write(chunk);
            }
            socket.shutdownOutput();
            socket.getInputStream().read(); // the sink answers once it has read everything
            return STREAM_BYTES / 1e6 / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Sorted round-trip times in microseconds. */
    private static long[] pingPong(int port, int count) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            int warmup = count >= PINGS ? PING_WARMUP : 0;
            long[] micros = new long[count];
            for (int i = -warmup; i < count; i++) {
                long start = System.nanoTime();
                out.write(1);
                if (in.read() < 0) {
                    throw new IOException("echo closed");
                }
                if (i >= 0) {
                    micros[i] = (System.nanoTime() - start) / 1000;
                }
            }
            Arrays.sort(micros);
            return micros;
        }
    }

    /**
     * {@code connections} clients at once, each on its own thread and connection: all connect and
     * make one round trip first (unmeasured: the echo server starts a thread per connection), then
     * start together; every measured round trip's time, sorted.
     */
    private static long[] concurrentPingPong(int port, int connections, int roundTrips) throws Exception {
        long[][] each = new long[connections][];
        Thread[] clients = new Thread[connections];
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(connections);
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (int c = 0; c < connections; c++) {
            int index = c;
            clients[c] = new Thread(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setTcpNoDelay(true);
                    roundTrip(socket);
                    start.await(120, java.util.concurrent.TimeUnit.SECONDS);
                    long[] micros = new long[roundTrips];
                    for (int i = 0; i < roundTrips; i++) {
                        micros[i] = roundTrip(socket);
                    }
                    each[index] = micros;
                } catch (Exception e) {
                    failure.set(e);
                }
            });
            clients[c].start();
        }
        for (Thread client : clients) {
            client.join(180_000);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return Arrays.stream(each).flatMapToLong(Arrays::stream).sorted().toArray();
    }

    private static long roundTrip(Socket socket) throws IOException {
        long start = System.nanoTime();
        socket.getOutputStream().write(1);
        if (socket.getInputStream().read() < 0) {
            throw new IOException("echo closed");
        }
        return (System.nanoTime() - start) / 1000;
    }

    private static double pct(long[] sorted, double percentile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1)];
    }

    private static int port(Proxy proxy) {
        return Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
    }

    private interface Handler {
        void handle(Socket socket) throws IOException;
    }

    private static void serve(ServerSocket server, Handler handler) {
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    socket.setTcpNoDelay(true);
                    Thread worker = new Thread(() -> {
                        try (socket) {
                            handler.handle(socket);
                        } catch (IOException ignored) {
                            // benchmark peer closed
                        }
                    });
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        accept.setDaemon(true);
        accept.start();
    }

    private static void discard(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[256 * 1024];
        while (in.read(buffer) >= 0) {
            // discard
        }
        socket.getOutputStream().write(1);
    }

    private static void echoBack(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
    }
}

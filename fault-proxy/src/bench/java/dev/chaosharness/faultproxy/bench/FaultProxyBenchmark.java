package dev.chaosharness.faultproxy.bench;

import dev.chaosharness.faultproxy.FaultProxyServer;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * fault-proxy against a direct loopback connection, in one run, on the same machine:
 * <ol>
 *   <li>throughput: 1 GB streamed one way to a discarding server;</li>
 *   <li>1-byte ping-pong round trips (p50, p99) with no toxics;</li>
 *   <li>the accuracy of a 200 ms downstream latency toxic.</li>
 * </ol>
 * Sender, proxy and receiver share the machine's cores, as they do in the experiments.
 */
public final class FaultProxyBenchmark {

    private static final long STREAM_BYTES = 1_000_000_000L;
    private static final int PING_WARMUP = 5_000;
    private static final int PINGS = 20_000;
    private static final int LATENCY_SAMPLES = 50;

    private FaultProxyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (FaultProxyServer server = FaultProxyServer.start("127.0.0.1", 0, 1);
             ServerSocket sink = listen(); ServerSocket echo = listen()) {
            serve(sink, FaultProxyBenchmark::discard);
            serve(echo, FaultProxyBenchmark::echoBack);
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

            echoProxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 200);
            long[] delayed = pingPong(port(echoProxy), LATENCY_SAMPLES);
            System.out.printf("latency toxic 200 ms: p50 %.2f ms (error %+.2f ms)  p99 %.2f ms  min %.2f ms  max %.2f ms%n",
                    pct(delayed, 50) / 1000, pct(delayed, 50) / 1000 - 200, pct(delayed, 99) / 1000,
                    delayed[0] / 1000.0, delayed[delayed.length - 1] / 1000.0);
        }
        System.exit(0);
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

    private static double pct(long[] sorted, double percentile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1)];
    }

    private static int port(Proxy proxy) {
        return Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
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

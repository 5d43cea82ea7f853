package dev.chaosharness.faultproxy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's CPU time per GiB moved, on the standalone jar in a process of its own: one GiB
 * streamed one way through a proxy without toxics to a sink in this process, the proxy process's
 * user + system time read from {@code /proc/<pid>/stat} before and after. CPU time, unlike
 * throughput, holds on a machine that other work shares; it is the figure to set beside another
 * proxy's (the real Toxiproxy took 1.12-1.22 CPU-s per GiB on this kind of machine). One
 * unmeasured GiB first, then {@code rounds} measured; the medians are printed.
 */
final class CpuPerGib {

    private static final long GIB = 1L << 30;
    private static final int WRITE_BYTES = 256 * 1024;
    /** {@code getconf CLK_TCK} on Linux x86-64. */
    private static final double TICKS_PER_SECOND = 100;

    private CpuPerGib() {
    }

    static void run(Path jar, int rounds) throws Exception {
        int apiPort;
        try (ServerSocket free = new ServerSocket(0)) {
            apiPort = free.getLocalPort();
        }
        Process proxy = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString(), "--host", "127.0.0.1", "--port",
                Integer.toString(apiPort)).redirectErrorStream(true).start();
        try (ServerSocket sink = new ServerSocket(0)) {
            ConnectionScale.awaitLine(proxy, "API on");
            Thread drain = new Thread(() -> discardAll(sink), "sink");
            drain.setDaemon(true);
            drain.start();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/proxies"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bulk\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:"
                            + sink.getLocalPort() + "\"}")).build(), HttpResponse.BodyHandlers.ofString()).body();
            int listen = Integer.parseInt(created.replaceAll(".*\"listen\":\"[^\"]*:(\\d+)\".*", "$1"));
            send(listen); // warm-up
            double[] cpuSeconds = new double[rounds];
            double[] mbPerSecond = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long ticksBefore = cpuTicks(proxy.pid());
                long start = System.nanoTime();
                send(listen);
                double wallSeconds = (System.nanoTime() - start) / 1e9;
                Thread.sleep(200); // the proxy's last writes land before its time is read
                cpuSeconds[i] = (cpuTicks(proxy.pid()) - ticksBefore) / TICKS_PER_SECOND;
                mbPerSecond[i] = GIB / 1e6 / wallSeconds;
            }
            Arrays.sort(cpuSeconds);
            Arrays.sort(mbPerSecond);
            System.out.printf("cpu per GiB %s: median %.3f CPU-s (min %.3f, max %.3f) over %d rounds; %.0f MB/s median%n",
                    jar.getFileName(), cpuSeconds[rounds / 2], cpuSeconds[0], cpuSeconds[rounds - 1], rounds,
                    mbPerSecond[rounds / 2]);
        } finally {
            proxy.destroy();
            if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
                proxy.destroyForcibly();
            }
        }
    }

    private static void send(int port) throws IOException {
        byte[] block = new byte[WRITE_BYTES];
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            for (long sent = 0; sent < GIB; sent += block.length) {
                out.write(block);
            }
            socket.shutdownOutput();
            socket.getInputStream().read(); // the proxy closes once the sink has everything
        }
    }

    private static void discardAll(ServerSocket sink) {
        byte[] buffer = new byte[WRITE_BYTES];
        while (!sink.isClosed()) {
            try (Socket socket = sink.accept(); InputStream in = socket.getInputStream()) {
                while (in.read(buffer) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /** utime + stime, fields 14 and 15 of {@code /proc/<pid>/stat} (after the command in parentheses). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}

package dev.chaosharness.faultproxy.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What fault-proxy costs at scale, measured on the standalone jar in a process of its own (so the
 * benchmark's own threads do not count): 200 proxies created, then 1,000 idle connections opened
 * through one of them, its live threads and resident memory read from {@code /proc}; then the
 * 200 proxies deleted. Each timed from the first API call to the last answer, after 200
 * {@code GET /version} calls have warmed the benchmark's own HTTP client (whose first calls cost
 * more than the proxy's work).
 */
final class ConnectionScale {

    private static final int PROXIES = 200;
    private static final int CONNECTIONS = 1_000;

    private ConnectionScale() {
    }

    static void run(Path jar) throws Exception {
        int apiPort;
        try (ServerSocket free = new ServerSocket(0)) {
            apiPort = free.getLocalPort();
        }
        Process proxy = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString(), "--host", "127.0.0.1", "--port",
                Integer.toString(apiPort)).redirectErrorStream(true).start();
        List<Socket> clients = new ArrayList<>();
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket upstream = new ServerSocket(0, CONNECTIONS, InetAddress.getLoopbackAddress())) {
            awaitLine(proxy, "API on");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI api = URI.create("http://127.0.0.1:" + apiPort);
            for (int i = 0; i < PROXIES; i++) { // the benchmark's own client warmed, not the proxy's create and delete
                send(http, HttpRequest.newBuilder(api.resolve("/version")).GET());
            }
            long createStart = System.nanoTime();
            for (int i = 0; i < PROXIES; i++) {
                send(http, HttpRequest.newBuilder(api.resolve("/proxies")).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"p" + i + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:" + upstream.getLocalPort() + "\"}")));
            }
            double createMs = (System.nanoTime() - createStart) / 1e6;
            long idleThreads = status(proxy.pid(), "Threads:");
            long idleRssKb = status(proxy.pid(), "VmRSS:");
            String proxy0 = send(http, HttpRequest.newBuilder(api.resolve("/proxies/p0")).GET());
            String listen = proxy0.replaceAll(".*\"listen\":\"[^\"]*:(\\d+)\".*", "$1");
            Thread acceptor = new Thread(() -> {
                try {
                    while (accepted.size() < CONNECTIONS) {
                        accepted.add(upstream.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket client = new Socket();
                client.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(listen)), 5000);
                clients.add(client);
            }
            acceptor.join(TimeUnit.SECONDS.toMillis(30));
            Thread.sleep(1000);
            long threads = status(proxy.pid(), "Threads:");
            long rssKb = status(proxy.pid(), "VmRSS:");
            for (Socket client : clients) {
                client.close();
            }
            long deleteStart = System.nanoTime();
            for (int i = 0; i < PROXIES; i++) {
                send(http, HttpRequest.newBuilder(api.resolve("/proxies/p" + i)).DELETE());
            }
            double deleteMs = (System.nanoTime() - deleteStart) / 1e6;
            System.out.printf("scale       %d proxies: %d threads, RSS %.0f MB; + %d idle connections through one: %d threads,"
                    + " RSS %.0f MB (%d accepted upstream)%n", PROXIES, idleThreads, idleRssKb / 1024.0, CONNECTIONS, threads,
                    rssKb / 1024.0, accepted.size());
            System.out.printf("proxies     create %d: %.0f ms   delete %d: %.0f ms%n", PROXIES, createMs, PROXIES, deleteMs);
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
            proxy.destroy();
            if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
                proxy.destroyForcibly();
            }
        }
    }

    private static String send(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** A field of {@code /proc/<pid>/status}: {@code Threads:} or {@code VmRSS:} (kB). */
    private static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
    }

    static void awaitLine(Process process, String text) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.contains(text)) {
                return;
            }
        }
        throw new IllegalStateException("fault-proxy ended before printing '" + text + "'");
    }
}

package dev.chaosharness.faultproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar target/fault-proxy.jar --port P --config proxies.json} serves the API, as the README shows. */
class StandaloneJarIT {

    @TempDir
    Path dir;

    @Test
    // -seed=5 is Toxiproxy's own flag form, which a container command written for the real image uses
    void theJarServesTheApiWithTheConfiguredProxies() throws Exception {
        Path jar = Path.of("target", "fault-proxy.jar").toAbsolutePath();
        assertThat(jar).isRegularFile();
        Path config = dir.resolve("proxies.json");
        Files.writeString(config, "[{\"name\":\"redis\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:6379\"}]");
        Path log = dir.resolve("fault-proxy.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--port", "0", "--config", config.toString(), "-seed=5")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = apiPort(log);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/proxies")).build();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

            String proxies = http.send(request, HttpResponse.BodyHandlers.ofString()).body();

            assertThat(proxies).contains("\"redis\"").contains("\"upstream\":\"127.0.0.1:6379\"");
            assertThat(Files.readString(log)).contains("API on http://127.0.0.1:" + port).contains("seed 5");
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * A container without IPv6 (Docker's default network): a proxy on the wildcard is reported as
     * Go reports it, {@code [::]:port}, and must bind again after being disabled.
     */
    @Test
    void aWildcardProxyListensAgainAfterDisableOnAnIpv4OnlyHost() throws Exception {
        Path jar = Path.of("target", "fault-proxy.jar").toAbsolutePath();
        Path log = dir.resolve("ipv4.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.net.preferIPv4Stack=true", "-jar", jar.toString(), "-host=127.0.0.1", "-port=0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (EchoServer echo = EchoServer.echo()) {
            int port = apiPort(log);
            eu.rekawek.toxiproxy.ToxiproxyClient client = new eu.rekawek.toxiproxy.ToxiproxyClient("127.0.0.1", port);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> client.version() != null);
            eu.rekawek.toxiproxy.Proxy proxy = client.createProxy("wild", "0.0.0.0:0", echo.address());
            assertThat(proxy.getListen()).startsWith("[::]:");

            proxy.disable();
            proxy.enable();

            int listenPort = Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", listenPort)) {
                socket.getOutputStream().write("ping\n".getBytes());
                assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream())).readLine())
                        .isEqualTo("ping");
            }
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * The port the jar bound for {@code --port 0}, from the line it prints once it serves: a port
     * probed free and closed again could be taken by anything before the jar binds it.
     */
    private static int apiPort(Path log) {
        Pattern served = Pattern.compile("API on http://127\\.0\\.0\\.1:(\\d+)");
        return await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> {
                    Matcher matcher = served.matcher(Files.readString(log));
                    return matcher.find() ? Integer.parseInt(matcher.group(1)) : null;
                }, port -> port != null);
    }
}

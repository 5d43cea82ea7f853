package dev.chaosharness.harness.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatling.commons.util.LatestGatlingRelease$;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gatling's release lookup, pointed at a loopback HTTPS proxy that records each request line and
 * answers nothing, so no call leaves the machine. Surefire gives this JVM its own preferences root
 * under target/, so the user's Java preferences are not touched.
 */
class GatlingVersionCheckTest {

    private ServerSocket proxy;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private String proxyHostBefore;
    private String proxyPortBefore;

    @BeforeEach
    void startProxy() throws Exception {
        proxy = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::recordRequests, "recording-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
        proxyHostBefore = System.getProperty("https.proxyHost");
        proxyPortBefore = System.getProperty("https.proxyPort");
        System.setProperty("https.proxyHost", "127.0.0.1");
        System.setProperty("https.proxyPort", String.valueOf(proxy.getLocalPort()));
        Preferences.userRoot().node(GatlingVersionCheck.NODE).removeNode();
    }

    @AfterEach
    void stopProxy() throws IOException {
        restore("https.proxyHost", proxyHostBefore);
        restore("https.proxyPort", proxyPortBefore);
        proxy.close();
    }

    @Test
    void afterSkipGatlingLooksUpNoReleaseAndWarnsOfNone() {
        GatlingVersionCheck.skip();

        assertThat(LatestGatlingRelease$.MODULE$.load().isEmpty()).isTrue();
        assertThat(requestLines).isEmpty();
    }

    @Test
    void withoutSkipGatlingAsksMavenCentralWhichIsWhatTheOtherTestWouldSee() {
        LatestGatlingRelease$.MODULE$.load();

        assertThat(requestLines).anySatisfy(line -> assertThat(line).startsWith("CONNECT repo1.maven.org:443"));
    }

    private void recordRequests() {
        while (!proxy.isClosed()) {
            try (Socket client = proxy.accept()) {
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                String line = reader.readLine();
                if (line != null) {
                    requestLines.add(line);
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}

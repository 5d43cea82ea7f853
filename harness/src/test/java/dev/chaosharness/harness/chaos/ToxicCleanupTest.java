package dev.chaosharness.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.faultproxy.FaultProxyServer;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.Toxic;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The script the watchdog runs against an attached fault proxy when the harness dies, on a real proxy server. */
class ToxicCleanupTest {

    private FaultProxyServer server;
    private ToxiproxyClient client;

    @BeforeEach
    void start() {
        server = FaultProxyServer.start("127.0.0.1", 0, 1);
        client = new ToxiproxyClient("127.0.0.1", server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void itRemovesTheHarnesssToxicsOnlyAndEnablesTheLinksAgain() throws Exception {
        Proxy cut = client.createProxy("order->payment", "127.0.0.1:0", "127.0.0.1:1");
        Proxy slow = client.createProxy("payment->kafka", "127.0.0.1:0", "127.0.0.1:1");
        cut.disable();
        slow.toxics().latency(FaultSchedule.TOXIC_PREFIX + "t-1", ToxicDirection.DOWNSTREAM, 500);
        slow.toxics().latency("team-baseline", ToxicDirection.UPSTREAM, 5);
        cut.toxics().latency(FaultSchedule.TOXIC_PREFIX + "t-2", ToxicDirection.UPSTREAM, 500);

        Process sh = new ProcessBuilder("sh", "-c", ToxicCleanup.script("127.0.0.1", server.port(),
                List.of("order->payment", "payment->kafka"))).redirectErrorStream(true).start();
        String printed = new String(sh.getInputStream().readAllBytes());
        assertThat(sh.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sh.exitValue()).as(printed).isZero();

        assertThat(client.getProxy("payment->kafka").toxics().getAll()).extracting(Toxic::getName)
                .containsExactly("team-baseline");
        assertThat(client.getProxy("order->payment").toxics().getAll()).isEmpty();
        assertThat(client.getProxy("order->payment").isEnabled()).isTrue();
    }
}

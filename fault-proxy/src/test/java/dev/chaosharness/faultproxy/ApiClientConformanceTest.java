package dev.chaosharness.faultproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.LimitData;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import eu.rekawek.toxiproxy.model.toxic.SlowClose;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Toxiproxy Java client against fault-proxy, endpoint by endpoint. */
class ApiClientConformanceTest {

    private FaultProxyServer server;
    private ToxiproxyClient client;
    private EchoServer upstream;

    @BeforeEach
    void start() {
        server = FaultProxyServer.start("127.0.0.1", 0, 42);
        client = new ToxiproxyClient("127.0.0.1", server.port());
        upstream = EchoServer.echo();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        upstream.close();
    }

    @Test
    void versionAndEmptyList() throws IOException {
        assertThat(client.version()).contains("2.12.0");
        assertThat(client.getProxies()).isEmpty();
    }

    @Test
    void createGetListAndDeleteProxies() throws IOException {
        Proxy b = client.createProxy("b-proxy", "localhost:0", upstream.address());
        Proxy a = client.createProxy("a-proxy", "127.0.0.1:0", upstream.address());

        assertThat(b.getListen()).startsWith("127.0.0.1:").doesNotEndWith(":0");
        assertThat(b.getUpstream()).isEqualTo(upstream.address());
        assertThat(b.isEnabled()).isTrue();
        assertThat(client.getProxy("a-proxy").getListen()).isEqualTo(a.getListen());
        assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("a-proxy", "b-proxy");

        b.delete();

        assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("a-proxy");
        assertThat(client.getProxyOrNull("b-proxy")).isNull();
    }

    @Test
    void duplicateAndMissingProxiesGiveTheExactMessages() throws IOException {
        client.createProxy("dup", "127.0.0.1:0", upstream.address());

        assertThatThrownBy(() -> client.createProxy("dup", "127.0.0.1:0", upstream.address()))
                .isInstanceOf(IOException.class).hasMessage("[409] proxy already exists");
        assertThatThrownBy(() -> client.getProxy("nope"))
                .isInstanceOf(IOException.class).hasMessage("[404] proxy not found");
    }

    @Test
    void proxyNamesMayContainColons() throws IOException {
        client.createProxy("localhost:6379", "127.0.0.1:0", upstream.address());

        Proxy proxy = client.getProxy("localhost:6379");
        proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 5);

        assertThat(proxy.toxics().getAll()).extracting(Toxic::getName).containsExactly("slow");
    }

    @Test
    void proxyNamesMayHoldCharactersAUriMayNot() throws IOException {
        client.createProxy("order->payment-1", "127.0.0.1:0", upstream.address());

        Proxy proxy = client.getProxy("order->payment-1");
        proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 5);
        proxy.disable();

        assertThat(client.getProxy("order->payment-1").isEnabled()).isFalse();
        assertThat(proxy.toxics().getAll()).extracting(Toxic::getName).containsExactly("slow");
    }

    @Test
    void disableEnableAndUpdateAProxy() throws IOException {
        Proxy proxy = client.createProxy("p", "127.0.0.1:0", upstream.address());

        proxy.disable();
        assertThat(client.getProxy("p").isEnabled()).isFalse();
        proxy.enable();
        assertThat(client.getProxy("p").isEnabled()).isTrue();

        try (EchoServer other = EchoServer.echo()) {
            proxy.setUpstream(other.address());
            assertThat(client.getProxy("p").getUpstream()).isEqualTo(other.address());
        }
    }

    @Test
    void everyToxicTypeCanBeCreatedReadUpdatedAndRemoved() throws IOException {
        Proxy proxy = client.createProxy("p", "127.0.0.1:0", upstream.address());

        Latency latency = proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100).setJitter(15);
        Bandwidth bandwidth = proxy.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 500);
        SlowClose slowClose = proxy.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 50);
        Timeout timeout = proxy.toxics().timeout("to", ToxicDirection.UPSTREAM, 1000);
        ResetPeer resetPeer = proxy.toxics().resetPeer("rp", ToxicDirection.DOWNSTREAM, 10);
        Slicer slicer = proxy.toxics().slicer("sl", ToxicDirection.UPSTREAM, 10, 5).setSizeVariation(2);
        LimitData limitData = proxy.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 1000);

        assertThat(proxy.toxics().getAll()).extracting(Toxic::getName)
                .containsExactly("bw", "to", "sl", "lat", "sc", "rp", "ld");
        Latency read = proxy.toxics().get("lat", Latency.class);
        assertThat(read.getLatency()).isEqualTo(100);
        assertThat(read.getJitter()).isEqualTo(15);
        assertThat(read.getStream()).isEqualTo(ToxicDirection.DOWNSTREAM);
        assertThat(proxy.toxics().get("bw", Bandwidth.class).getRate()).isEqualTo(500);
        assertThat(proxy.toxics().get("sc", SlowClose.class).getDelay()).isEqualTo(50);
        assertThat(proxy.toxics().get("to", Timeout.class).getTimeout()).isEqualTo(1000);
        assertThat(proxy.toxics().get("rp", ResetPeer.class).getTimeout()).isEqualTo(10);
        Slicer readSlicer = proxy.toxics().get("sl", Slicer.class);
        assertThat(List.of(readSlicer.getAverageSize(), readSlicer.getSizeVariation(), readSlicer.getDelay()))
                .containsExactly(10L, 2L, 5L);
        assertThat(proxy.toxics().get("ld", LimitData.class).getBytes()).isEqualTo(1000);

        latency.setLatency(250);
        bandwidth.setRate(10);
        slowClose.setDelay(5);
        timeout.setTimeout(0);
        resetPeer.setTimeout(0);
        limitData.setBytes(1);
        latency.setToxicity(0.5f);
        slicer.setAverageSize(20).setDelay(7);

        Latency updated = proxy.toxics().get("lat", Latency.class);
        assertThat(updated.getLatency()).isEqualTo(250);
        assertThat(updated.getJitter()).as("an update keeps the other attributes").isEqualTo(15);
        assertThat(updated.getToxicity()).isEqualTo(0.5f);
        assertThat(proxy.toxics().get("bw", Bandwidth.class).getRate()).isEqualTo(10);
        assertThat(proxy.toxics().get("ld", LimitData.class).getBytes()).isEqualTo(1);
        assertThat(proxy.toxics().get("sc", SlowClose.class).getDelay()).isEqualTo(5);
        assertThat(proxy.toxics().get("to", Timeout.class).getTimeout()).isZero();
        assertThat(proxy.toxics().get("rp", ResetPeer.class).getTimeout()).isZero();
        Slicer slicedAgain = proxy.toxics().get("sl", Slicer.class);
        assertThat(List.of(slicedAgain.getAverageSize(), slicedAgain.getSizeVariation(), slicedAgain.getDelay()))
                .as("the slicer's updates, read back").containsExactly(20L, 2L, 7L);

        for (Toxic toxic : proxy.toxics().getAll()) {
            toxic.remove();
        }
        assertThat(proxy.toxics().getAll()).isEmpty();
        assertThatThrownBy(() -> proxy.toxics().get("sl", Slicer.class)).as("removed means gone from the server")
                .hasMessageContaining("toxic not found");
    }

    @Test
    void duplicateAndMissingToxicsGiveTheExactMessages() throws IOException {
        Proxy proxy = client.createProxy("p", "127.0.0.1:0", upstream.address());
        proxy.toxics().latency("same", ToxicDirection.DOWNSTREAM, 1);

        assertThatThrownBy(() -> proxy.toxics().bandwidth("same", ToxicDirection.UPSTREAM, 1))
                .isInstanceOf(IOException.class).hasMessage("[409] toxic already exists");
        assertThatThrownBy(() -> proxy.toxics().get("missing"))
                .isInstanceOf(IOException.class).hasMessage("[404] toxic not found");
    }

    @Test
    void resetEnablesEveryProxyAndRemovesEveryToxicButDeletesNothing() throws IOException {
        Proxy one = client.createProxy("one", "127.0.0.1:0", upstream.address());
        Proxy two = client.createProxy("two", "127.0.0.1:0", upstream.address());
        one.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100);
        two.disable();

        client.reset();

        assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("one", "two");
        assertThat(client.getProxy("two").isEnabled()).isTrue();
        assertThat(client.getProxy("one").toxics().getAll()).isEmpty();
    }
}

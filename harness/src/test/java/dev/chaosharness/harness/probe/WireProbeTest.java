package dev.chaosharness.harness.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.chaosharness.faultproxy.FaultProxyServer;
import dev.chaosharness.harness.environment.ProxyOnlyEnvironment;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import dev.chaosharness.harness.proxy.FaultProxyClient;
import dev.chaosharness.harness.spec.WireHeaders;
import dev.chaosharness.harness.system.SystemSpec;
import dev.chaosharness.harness.system.TestSystems;
import dev.chaosharness.harness.system.Topology;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wire probe against a real fault proxy carrying real HTTP to a real server on loopback. */
class WireProbeTest {

    @TempDir
    Path dir;

    private final SystemSpec system = TestSystems.orderPayment();
    private final String link = Topology.calls(system).stream().filter(Topology.Call::http).findFirst().orElseThrow().link();
    private final HttpClient http = HttpClient.newHttpClient();
    private FaultProxyServer proxyServer;
    private FaultProxyClient proxy;
    private HttpServer upstream;
    private int listenPort;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        upstream.start();
        proxyServer = FaultProxyServer.start("127.0.0.1", 0, 1);
        proxy = new FaultProxyClient("127.0.0.1", proxyServer.port());
        for (String name : Topology.of(system).links()) {
            proxy.createProxy(name, "127.0.0.1:0", "127.0.0.1:" + upstream.getAddress().getPort());
        }
        String listen = proxy.proxy(link).orElseThrow().listen();
        listenPort = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    @AfterEach
    void stop() {
        proxyServer.close();
        upstream.stop(0);
    }

    @Test
    void readsTheExchangesFromTheWarmUpOnDuringAndAfterTheLoad() throws Exception {
        List<HistoryEvent.HttpExchangeObserved> exchanges = run(true);
        assertThat(exchanges).extracting(HistoryEvent.HttpExchangeObserved::target)
                .containsExactly("/pay/1", "/pay/2", "/pay/3");
        assertThat(exchanges).allSatisfy(e -> {
            assertThat(e.link()).isEqualTo(link);
            assertThat(e.status()).isEqualTo(204);
        });
        assertThat(exchanges).extracting(HistoryEvent.HttpExchangeObserved::budgetMs).containsExactly(800L, 700L, 600L);
        assertThat(proxy.observations(0).exchanges()).as("its own proxy still observes (a shared environment's next run)")
                .hasSize(4);
    }

    @Test
    void leavesAnAttachedProxyAsItWasFound() throws Exception {
        assertThat(run(false)).hasSize(3);
        assertThat(proxy.observations(0).exchanges()).as("observation off after the load: /pay/4 not seen").hasSize(3);
        assertThat(proxy.proxy(link)).isPresent();
    }

    /** verify, a warm-up call, the load (a poll in between), the drain, and one call after it. */
    private List<HistoryEvent.HttpExchangeObserved> run(boolean ownsFaultProxy) throws Exception {
        try (RunHistory history = RunHistory.open(dir)) {
            WireProbe probe = new WireProbe(new ProbeContext(null, new ProxyOnlyEnvironment(proxyServer.port(), system,
                    List.of(), ownsFaultProxy), history, dir, line -> { }, WireHeaders.DEFAULT));
            probe.verify();
            call("/pay/1", 800);
            probe.startWatching();
            call("/pay/2", 700);
            Thread.sleep(1_500); // a poll during the load reads the first two
            call("/pay/3", 600);
            probe.stopWatching();
            probe.readAfterEnvironment();
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listenPort + "/pay/4"))
                    .build(), HttpResponse.BodyHandlers.discarding());
        }
        List<HistoryEvent> events = HistoryReader.read(dir);
        assertThat(HistoryReader.ofType(events, HistoryEvent.ProbeGap.class)).isEmpty();
        return HistoryReader.ofType(events, HistoryEvent.HttpExchangeObserved.class);
    }

    @Test
    void aProxyWithoutTheObservationExtensionIsAProbeGap() throws Exception {
        HttpServer toxiproxyLike = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        toxiproxyLike.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        toxiproxyLike.start();
        try (RunHistory history = RunHistory.open(dir)) {
            WireProbe probe = new WireProbe(new ProbeContext(null, new ProxyOnlyEnvironment(toxiproxyLike.getAddress().getPort(),
                    system, List.of()), history, dir, line -> { }, WireHeaders.DEFAULT));
            probe.verify();
            probe.startWatching();
            probe.stopWatching();
        } finally {
            toxiproxyLike.stop(0);
        }
        List<HistoryEvent.ProbeGap> gaps = HistoryReader.ofType(HistoryReader.read(dir), HistoryEvent.ProbeGap.class);
        assertThat(gaps).singleElement().satisfies(gap -> {
            assertThat(gap.probe()).isEqualTo("wire");
            assertThat(gap.reason()).contains("does not observe HTTP");
        });
    }

    private void call(String path, long budgetMs) throws Exception {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listenPort + path))
                .header("X-Request-Timeout-Ms", Long.toString(budgetMs)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(204);
    }
}

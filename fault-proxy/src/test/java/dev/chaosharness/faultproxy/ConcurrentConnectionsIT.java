package dev.chaosharness.faultproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 1,000 proxied connections open at once, all exchanging data, while toxics are added and
 * removed through the API: every byte arrives and the API keeps answering.
 */
class ConcurrentConnectionsIT {

    private static final int CONNECTIONS = 1000;
    private static final int ROUNDS = 20;

    @Test
    void holdsAThousandConnectionsWhileToxicsChange() throws Exception {
        try (FaultProxyServer server = FaultProxyServer.start("127.0.0.1", 0, 11);
             EchoServer echo = EchoServer.echo()) {
            ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", server.port());
            Proxy proxy = client.createProxy("many", "127.0.0.1:0", echo.address());
            int port = Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket socket = new Socket("127.0.0.1", port);
                    socket.setSoTimeout(30_000);
                    sockets.add(socket);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> server.openConnections("many").orElse(0) == CONNECTIONS);

                AtomicBoolean churning = new AtomicBoolean(true);
                AtomicLong slowestApiCallMs = new AtomicLong();
                CompletableFuture<Integer> toxicChurn = CompletableFuture.supplyAsync(() -> churn(proxy, churning, slowestApiCallMs));

                for (int round = 0; round < ROUNDS; round++) {
                    for (int i = 0; i < CONNECTIONS; i++) {
                        sockets.get(i).getOutputStream().write(message(i, round));
                    }
                    for (int i = 0; i < CONNECTIONS; i++) {
                        byte[] expected = message(i, round);
                        assertThat(sockets.get(i).getInputStream().readNBytes(expected.length))
                                .as("connection %d, round %d", i, round).isEqualTo(expected);
                    }
                }
                churning.set(false);
                int changes = toxicChurn.get(30, TimeUnit.SECONDS);

                assertThat(changes).as("toxic changes made during the exchange").isGreaterThan(10);
                assertThat(slowestApiCallMs.get()).as("slowest API call (ms)").isLessThan(2000);
                assertThat(server.openConnections("many")).hasValue(CONNECTIONS);
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    private static int churn(Proxy proxy, AtomicBoolean running, AtomicLong slowestMs) {
        int changes = 0;
        try {
            while (running.get() && changes < 10_000) {
                long start = System.nanoTime();
                proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1).setJitter(1);
                proxy.toxics().slicer("sl", ToxicDirection.UPSTREAM, 3, 0);
                proxy.toxics().get("lat").remove();
                proxy.toxics().get("sl").remove();
                slowestMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) / 4, Math::max);
                changes += 4;
            }
        } catch (IOException e) {
            throw new IllegalStateException("API call failed under load", e);
        }
        return changes;
    }

    private static byte[] message(int connection, int round) {
        return ("c" + connection + "r" + round + ";").getBytes();
    }
}

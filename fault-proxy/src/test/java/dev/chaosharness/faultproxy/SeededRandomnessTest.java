package dev.chaosharness.faultproxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One seed, one sequence of random choices: a run can be replayed. */
class SeededRandomnessTest {

    @Test
    void theSameSeedGivesTheSameDraws() {
        FaultRandom a = new FaultRandom(99);
        FaultRandom b = new FaultRandom(99);

        List<Long> fromA = IntStream.range(0, 50).mapToObj(i -> a.between(-100, 100)).toList();
        List<Long> fromB = IntStream.range(0, 50).mapToObj(i -> b.between(-100, 100)).toList();

        assertThat(fromA).isEqualTo(fromB);
        assertThat(fromA).allSatisfy(v -> assertThat(v).isBetween(-100L, 99L));
        List<Long> otherSeed = IntStream.range(0, 50).mapToObj(i -> new FaultRandom(100).between(-100, 100)).toList();
        FaultRandom c = new FaultRandom(100);
        List<Long> fromC = IntStream.range(0, 50).mapToObj(i -> c.between(-100, 100)).toList();
        assertThat(fromC).as("another seed draws another sequence").isNotEqualTo(fromA);
        assertThat(otherSeed).as("each new generator of one seed starts at the same draw").containsOnly(fromC.get(0));
    }

    @Test
    void aReseededSourceDrawsAsANewOneOfThatSeed() {
        FaultRandom reseeded = new FaultRandom(7);
        IntStream.range(0, 20).forEach(i -> reseeded.between(0, 1000));
        reseeded.reseed(99);
        FaultRandom fresh = new FaultRandom(99);

        assertThat(reseeded.seed()).isEqualTo(99);
        assertThat(IntStream.range(0, 50).mapToObj(i -> reseeded.between(0, 1000)).toList())
                .isEqualTo(IntStream.range(0, 50).mapToObj(i -> fresh.between(0, 1000)).toList());
    }

    @Test
    void aReseededServerReplaysTheToxicityDrawsOfThatSeed() throws Exception {
        List<Boolean> fresh;
        try (FaultProxyServer server = FaultProxyServer.start("127.0.0.1", 0, 1234)) {
            fresh = toxicityPattern(server);
        }
        try (FaultProxyServer server = FaultProxyServer.start("127.0.0.1", 0, 5)) {
            toxicityPattern(server); // draws of the first seed, then a run with its own
            server.reseed(1234);
            assertThat(server.seed()).isEqualTo(1234);
            assertThat(toxicityPattern(server)).isEqualTo(fresh);
        }
    }

    @Test
    void chanceIsExactAtZeroAndOne() {
        FaultRandom random = new FaultRandom(1);

        assertThat(IntStream.range(0, 1000).filter(i -> random.chance(0.0)).count()).isZero();
        assertThat(IntStream.range(0, 1000).filter(i -> random.chance(1.0)).count()).isEqualTo(1000);
    }

    @Test
    void toxicityDrawsReplayWithTheSeed() throws Exception {
        assertThat(toxicityPattern(1234)).isEqualTo(toxicityPattern(1234)).contains(true, false);
    }

    /** Which of 12 successive connections a 50%-toxicity latency toxic applied to. */
    private static List<Boolean> toxicityPattern(long seed) throws IOException {
        try (FaultProxyServer server = FaultProxyServer.start("127.0.0.1", 0, seed)) {
            return toxicityPattern(server);
        }
    }

    /** The same on a running server; its proxy is deleted after. */
    private static List<Boolean> toxicityPattern(FaultProxyServer server) throws IOException {
        try (EchoServer echo = EchoServer.echo()) {
            ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", server.port());
            Proxy proxy = client.createProxy("p", "127.0.0.1:0", echo.address());
            proxy.toxics().latency("half", ToxicDirection.DOWNSTREAM, 150).setToxicity(0.5f);
            int port = Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
            List<Boolean> delayed = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setSoTimeout(5000);
                    long start = System.nanoTime();
                    socket.getOutputStream().write('x');
                    socket.getInputStream().read();
                    delayed.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 140);
                }
            }
            proxy.delete();
            return delayed;
        }
    }
}

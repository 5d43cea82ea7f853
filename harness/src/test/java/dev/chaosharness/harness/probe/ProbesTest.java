package dev.chaosharness.harness.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbesTest {

    private final List<String> calls = new ArrayList<>();

    /** Records each phase it is driven through; {@code failing} throws in that phase. */
    private Probe probe(String name, String failing) {
        return new Probe() {
            private void called(String phase) {
                calls.add(name + "." + phase);
                if (phase.equals(failing)) {
                    throw new IllegalStateException(name + " failed in " + phase);
                }
            }

            @Override
            public void verify() {
                called("verify");
            }

            @Override
            public void startWatching() {
                called("start");
            }

            @Override
            public void stopWatching() {
                called("stop");
            }

            @Override
            public void readAfterLoad() {
                called("read");
            }

            @Override
            public void readAfterEnvironment() {
                called("left-behind");
            }
        };
    }

    @Test
    void everyProbeIsDrivenThroughEveryPhaseInOrderAndStoppedInReverse() {
        Probes probes = new Probes(List.of(probe("a", ""), probe("b", "")));

        probes.verify();
        probes.startWatching();
        probes.stopWatching();
        probes.readAfterLoad();
        probes.readAfterEnvironment();

        assertThat(calls).containsExactly("a.verify", "b.verify", "a.start", "b.start", "b.stop", "a.stop",
                "a.read", "b.read", "a.left-behind", "b.left-behind");
    }

    @Test
    void aProbeThatCannotStartStopsThoseStartedBeforeIt() {
        Probes probes = new Probes(List.of(probe("a", ""), probe("b", "start"), probe("c", "")));

        assertThatThrownBy(probes::startWatching).hasMessage("b failed in start");
        assertThat(calls).containsExactly("a.start", "b.start", "a.stop");
    }

    @Test
    void aProbeThatFailsToStopDoesNotKeepTheOthersRunning() {
        Probes probes = new Probes(List.of(probe("a", ""), probe("b", "stop")));

        probes.stopWatching();

        assertThat(calls).containsExactly("b.stop", "a.stop");
    }
}

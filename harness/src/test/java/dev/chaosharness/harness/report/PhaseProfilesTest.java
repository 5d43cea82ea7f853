package dev.chaosharness.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.check.Phases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flame graphs per phase from a real JFR recording of this JVM, made while it spins in a known method. */
class PhaseProfilesTest {

    @TempDir
    Path runDir;

    @Test
    void eachPhaseGetsTheSamplesOfItsOwnTimeAndNamesItsHottestFrames() throws Exception {
        long quietFrom = System.currentTimeMillis();
        long busyFrom;
        long busyTo;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            Thread.sleep(300);
            busyFrom = System.currentTimeMillis();
            spinInAKnownMethod(1_500);
            busyTo = System.currentTimeMillis();
            recording.stop();
            Files.createDirectories(runDir.resolve("jfr"));
            recording.dump(runDir.resolve("jfr").resolve("worker-1-1.jfr"));
        }
        List<Phases.Phase> phases = List.of(new Phases.Phase("before faults", quietFrom, busyFrom, false),
                new Phases.Phase("during window 1 (pause worker-1)", busyFrom, busyTo, true));

        List<PhaseProfiles.Profile> profiles = PhaseProfiles.write(runDir, phases);

        PhaseProfiles.Profile window = profiles.stream().filter(p -> p.phase().startsWith("during")).findFirst().orElseThrow();
        assertThat(window.recording()).isEqualTo("worker-1-1");
        assertThat(window.samples()).as("up to 150 at one every 10 ms").isGreaterThan(20);
        assertThat(window.topFrames()).isNotEmpty().allSatisfy(frame -> assertThat(frame).matches(".+ \\d+%"));
        assertThat(profiles).filteredOn(p -> p.phase().equals("before faults"))
                .allSatisfy(quiet -> assertThat(quiet.samples()).as("asleep then").isLessThan(window.samples() / 4));
        assertThat(window.link()).isEqualTo("profiles/worker-1-1/02-during-window-1-pause-worker-1.html");
        String flameGraph = Files.readString(runDir.resolve(window.link()));
        assertThat(flameGraph).as("async-profiler's page, with the frame in its data").contains("spinInAKnownMethod");
        assertThat(flameGraph).as("it loads nothing from another host (its one link is a credit)")
                .doesNotContainPattern("(src|href)=['\"]?https?://(?!github.com/async-profiler/async-profiler['\"])")
                .doesNotContain("<script src", "<link ");

        StringBuilder page = new StringBuilder();
        PhaseProfiles.render(page, profiles);
        assertThat(page).contains("href=\"profiles/worker-1-1/02-during-window-1-pause-worker-1.html\"");
    }

    @Test
    void aPhaseSaysHowLongItsThreadsWaitedForAMonitorAndWhichCodeWaited() throws Exception {
        Object lock = new Object();
        long from = System.currentTimeMillis();
        try (Recording recording = new Recording()) {
            recording.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ofMillis(10)).withStackTrace();
            recording.start();
            Thread holder = new Thread(() -> {
                synchronized (lock) {
                    sleep(500);
                }
            });
            synchronized (lock) {
                holder.start();
                sleep(50);
            }
            sleep(20);
            waitForTheLockInAKnownMethod(lock);
            holder.join();
            recording.stop();
            Files.createDirectories(runDir.resolve("jfr"));
            recording.dump(runDir.resolve("jfr").resolve("worker-1-1.jfr"));
        }
        List<PhaseProfiles.Profile> profiles = PhaseProfiles.write(runDir,
                List.of(new Phases.Phase("whole load", from, System.currentTimeMillis() + 1, false)));

        assertThat(profiles).singleElement().satisfies(profile -> {
            assertThat(profile.monitorMs()).as("about 450 ms behind the holder").isBetween(200L, 2_000L);
            assertThat(profile.topBlocking()).first().asString()
                    .startsWith(PhaseProfilesTest.class.getName() + ".waitForTheLockInAKnownMethod");
            assertThat(profile.link()).as("no sample, no flame graph").isEmpty();
        });
    }

    private static void waitForTheLockInAKnownMethod(Object lock) {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theHottestFramesAreThoseMostSamplesEndedInWithTheirShare() {
        assertThat(PhaseProfiles.topFrames(Map.of("a.Spin.run", 8L, "a.Read.run", 2L)))
                .containsExactly("a.Spin.run 80%", "a.Read.run 20%");
    }

    @Test
    void aRunWithoutRecordingsHasNoProfiles() {
        assertThat(PhaseProfiles.write(runDir, List.of(new Phases.Phase("whole load", 0, Long.MAX_VALUE, false)))).isEmpty();
    }

    /** Sorting, not a tight arithmetic loop: JFR drops most samples of a thread in a loop with no call in it. */
    private static long spinInAKnownMethod(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        java.util.Random random = new java.util.Random(1);
        long sum = 0;
        while (System.nanoTime() < end) {
            int[] values = random.ints(2_000).toArray();
            java.util.Arrays.sort(values);
            sum += values[7];
        }
        return sum;
    }
}

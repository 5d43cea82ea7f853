package dev.chaosharness.harness.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class DependentStartTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> progress = new CopyOnWriteArrayList<>();

    /** An instance that records its start, then is ready once {@code release} opens. */
    private DependentStart.Instance instance(String name, CountDownLatch release) {
        return new DependentStart.Instance(name, () -> {
            events.add("start " + name);
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(name + " was never released");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            events.add("ready " + name);
        });
    }

    @Test
    void aServiceStartsOnlyOnceEveryInstanceOfItsDependencyIsReadyAndIndependentOnesStartAtOnce() throws Exception {
        CountDownLatch db1 = new CountDownLatch(1);
        CountDownLatch db2 = new CountDownLatch(1);
        CountDownLatch open = new CountDownLatch(0);
        CompletableFuture<Void> all = DependentStart.start(List.of(
                new DependentStart.Service("api", List.of("db"), List.of(instance("api-1", open), instance("api-2", open))),
                new DependentStart.Service("db", List.of(), List.of(instance("db-1", db1), instance("db-2", db2))),
                new DependentStart.Service("cache", List.of(), List.of(instance("cache-1", open)))), progress::add);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.containsAll(
                List.of("start db-1", "start db-2", "ready cache-1")));
        db1.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("ready db-1"));
        assertThat(events).as("one instance of db ready is not enough").noneMatch(e -> e.startsWith("start api"));
        assertThat(all).isNotDone();
        db2.countDown();
        all.get(10, TimeUnit.SECONDS);

        int lastDbReady = Math.max(events.indexOf("ready db-1"), events.indexOf("ready db-2"));
        assertThat(events.indexOf("start api-1")).isGreaterThan(lastDbReady);
        assertThat(events.indexOf("start api-2")).isGreaterThan(lastDbReady);
        assertThat(progress).containsExactly("api waits for db to be ready (depends-on)", "db ready: starting api");
    }

    @Test
    void aFailedDependencyFailsTheStartAndWhatDependsOnItNeverStarts() {
        CompletableFuture<Void> all = DependentStart.start(List.of(
                new DependentStart.Service("db", List.of(), List.of(new DependentStart.Instance("db-1", () -> {
                    throw new EnvironmentStartException("db-1 exited with code 1 before it was ready");
                }))),
                new DependentStart.Service("api", List.of("db"), List.of(instance("api-1", new CountDownLatch(0))))),
                progress::add);

        assertThatThrownBy(() -> all.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(EnvironmentStartException.class).hasMessageContaining("db-1 exited");
        assertThat(events).doesNotContain("start api-1");
    }
}

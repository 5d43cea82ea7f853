package dev.chaosharness.harness.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ThreadDumpTextTest {

    /** Seven threads of order-service's exit dump in a thread-leak run (JFR jdk.ThreadDump, JDK 17). */
    private final ThreadDumpText dump = new ThreadDumpText(resource("/thread-dumps/order-service-exit.txt"));

    @Test
    void readsEveryThreadByItsJavaId() {
        assertThat(dump.size()).isEqualTo(7);
        assertThat(dump.thread(37)).get().extracting(ThreadDumpText.DumpedThread::name).isEqualTo("order-audit-1");
        assertThat(dump.thread(99)).isEmpty();
    }

    @Test
    void idleWorkersOfOnePoolWaitOnTheSameQueue() {
        ThreadDumpText.DumpedThread exec1 = dump.thread(24).orElseThrow();
        ThreadDumpText.DumpedThread exec2 = dump.thread(25).orElseThrow();
        ThreadDumpText.DumpedThread utility = dump.thread(19).orElseThrow();

        assertThat(exec1.poolWorker()).isTrue();
        assertThat(exec1.waitsOnPool()).isPresent().isEqualTo(exec2.waitsOnPool());
        assertThat(utility.poolWorker()).isTrue();
        assertThat(utility.waitsOnPool()).isPresent().isNotEqualTo(exec1.waitsOnPool());
    }

    @Test
    void aThreadOutsideAnyPoolIsHeldWhereTheApplicationParkedIt() {
        ThreadDumpText.DumpedThread leaked = dump.thread(37).orElseThrow();
        ThreadDumpText.DumpedThread producer = dump.thread(23).orElseThrow();

        assertThat(leaked.poolWorker()).isFalse();
        assertThat(leaked.topFrame()).isEqualTo("dev.chaosharness.order.ThreadLeak.lambda$leakOne$0");
        assertThat(producer.poolWorker()).isFalse();
        assertThat(producer.topFrame()).isEqualTo("org.apache.kafka.common.network.Selector.select");
    }

    @Test
    void aBusyWorkerIsAPoolWorkerWaitingOnNoQueue() {
        ThreadDumpText busy = new ThreadDumpText("""
                "exec-7" #70 daemon prio=5 os_prio=0 cpu=1.00ms elapsed=2.00s tid=0x1 nid=0x2 runnable  [0x3]
                   java.lang.Thread.State: RUNNABLE
                \tat shop.Handler.handle(Handler.java:10)
                \tat java.util.concurrent.ThreadPoolExecutor.runWorker(java.base@17/ThreadPoolExecutor.java:1136)
                \tat java.lang.Thread.run(java.base@17/Thread.java:840)
                """);

        ThreadDumpText.DumpedThread thread = busy.thread(70).orElseThrow();

        assertThat(thread.poolWorker()).isTrue();
        assertThat(thread.waitsOnPool()).isEmpty();
        assertThat(thread.topFrame()).isEqualTo("shop.Handler.handle");
    }

    /**
     * Jetty's QueuedThreadPool (WireMock 3.13 shades Jetty 11 under {@code wiremock.}), from the exit
     * dump of a WireMock that served a 30 s load: its workers grew with the load, as a pool does, and
     * none of them is a leak.
     */
    @Test
    void jettyWorkersArePoolWorkersAndTheIdleOnesWaitOnOneQueue() {
        ThreadDumpText jetty = new ThreadDumpText(resource("/thread-dumps/wiremock-jetty-exit.txt"));
        ThreadDumpText.DumpedThread idle1 = jetty.thread(16).orElseThrow();
        ThreadDumpText.DumpedThread idle2 = jetty.thread(19).orElseThrow();

        assertThat(jetty.size()).isEqualTo(7);
        assertThat(idle1.poolWorker()).isTrue();
        assertThat(idle1.waitsOnPool()).isPresent().isEqualTo(idle2.waitsOnPool());
        assertThat(jetty.thread(30).orElseThrow()).as("a reserved thread: a worker running a job")
                .satisfies(reserved -> assertThat(reserved.poolWorker()).isTrue())
                .satisfies(reserved -> assertThat(reserved.waitsOnPool()).isEmpty());
        assertThat(jetty.thread(17).orElseThrow().poolWorker()).as("a selector run by a reserved thread").isTrue();
        assertThat(jetty.thread(18).orElseThrow().poolWorker()).as("an acceptor").isTrue();
        assertThat(jetty.thread(24).orElseThrow().waitsOnPool()).as("a JDK scheduled executor: another pool")
                .isPresent().isNotEqualTo(idle1.waitsOnPool());
    }

    /**
     * A running ledger writer (Spring Boot 3.5, Spring Kafka, one listener container, JDK 17), dumped
     * with {@code jcmd <pid> Thread.print} during a ledger-churn run: its Kafka and Spring Kafka
     * threads belong to their clients and container, DestroyJavaVM and Attach Listener to the JVM.
     */
    @Test
    void kafkaClientAndSpringKafkaThreadsBelongToTheirOwners() {
        ThreadDumpText writer = new ThreadDumpText(resource("/thread-dumps/ledger-writer-running.txt"));

        assertThat(writer.thread(24).orElseThrow()).satisfies(heartbeat -> {
            assertThat(heartbeat.name()).isEqualTo("kafka-coordinator-heartbeat-thread | ledger");
            assertThat(heartbeat.poolWorker()).isFalse();
            assertThat(heartbeat.ownedBy()).contains("a Kafka consumer (its heartbeat)");
        });
        assertThat(writer.thread(25).orElseThrow().ownedBy()).as("kafka-producer-network-thread | ledger-writer-producer-1")
                .contains("a Kafka producer");
        assertThat(writer.thread(22).orElseThrow().ownedBy()).as("KafkaListenerEndpointContainer#0-0-C-1, busy loading a class")
                .contains("a Spring Kafka listener container");
        assertThat(writer.thread(23).orElseThrow().ownedBy()).as("DestroyJavaVM").contains("the JVM itself");
        assertThat(writer.thread(26).orElseThrow().ownedBy()).as("Attach Listener").contains("the JVM itself");
        assertThat(writer.ownedBy("a Spring Kafka listener container")).isEqualTo(1);
        assertThat(writer.thread(21).orElseThrow()).satisfies(scheduler -> {
            assertThat(scheduler.name()).isEqualTo("ThreadPoolTaskScheduler-1");
            assertThat(scheduler.poolWorker()).isTrue();
            assertThat(scheduler.waitsOnPool()).contains("0x00000000f5d00170");
            assertThat(scheduler.onePoolPer()).contains("a Spring Kafka listener container");
            assertThat(scheduler.ownedBy()).isEmpty();
        });
        assertThat(writer.thread(20).orElseThrow().ownedBy()).as("HttpClient-1-SelectorManager: no owner known here").isEmpty();
    }

    /** The same writer restarted by a kill, 10 s after its start: Spring Boot's jar loader's Cleaner is a pool of one. */
    @Test
    void aCleanersThreadIsAPoolOfItsOwn() {
        ThreadDumpText restarted = new ThreadDumpText(resource("/thread-dumps/ledger-writer-restarted.txt"));

        assertThat(restarted.thread(15).orElseThrow()).satisfies(cleaner -> {
            assertThat(cleaner.name()).isEqualTo("Cleaner-0");
            assertThat(cleaner.poolWorker()).isTrue();
            assertThat(cleaner.waitsOnPool()).contains("0x00000000f7c012b8");
        });
        assertThat(restarted.thread(14).orElseThrow().ownedBy()).as("Notification Thread").contains("the JVM itself");
    }

    /**
     * Three listener containers, each with its own scheduler (the writer's two threads, repeated
     * with other ids and queues): three scheduler pools, three owners to account for them.
     */
    @Test
    void eachListenerContainerAccountsForOneSchedulerPool() {
        String running = resource("/thread-dumps/ledger-writer-running.txt");
        String scheduler = block(running, "\"ThreadPoolTaskScheduler-1\" #21");
        String container = block(running, "\"org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1\" #22");
        StringBuilder three = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            three.append(scheduler.replace("#21", "#" + (40 + i)).replace("0x00000000f5d00170", "0x00000000f5d0017" + i))
                    .append(container.replace("#22", "#" + (50 + i)).replace("#0-0-C-1", "#" + i + "-0-C-1"));
        }
        ThreadDumpText dump = new ThreadDumpText(three.toString());

        assertThat(dump.ownedBy("a Spring Kafka listener container")).isEqualTo(3);
        assertThat(java.util.stream.IntStream.of(40, 41, 42).mapToObj(id -> dump.thread(id).orElseThrow().waitsOnPool().orElseThrow())
                .distinct()).hasSize(3);
    }

    /** One thread's lines of a dump, from its header to the blank line after it. */
    private static String block(String dump, String header) {
        int from = dump.indexOf(header);
        return dump.substring(from, dump.indexOf("\n\n", from) + 2);
    }

    private static String resource(String name) {
        try (InputStream in = ThreadDumpTextTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.chaosharness.order;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** The thread-leak defect: an "audit" thread per order that parks forever. */
final class ThreadLeak {

    private final AtomicInteger count = new AtomicInteger();

    void leakOne() {
        Thread thread = new Thread(() -> {
            while (true) {
                LockSupport.park();
            }
        }, "order-audit-" + count.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }
}

package dev.chaosharness.harness.environment.docker;

import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Testcontainers waits for nothing: the harness polls the service's declared readiness itself
 * ({@code ReadyCheck}), the same on every runtime and with the same message when it times out.
 */
final class NoWaitStrategy extends AbstractWaitStrategy {

    @Override
    protected void waitUntilReady() {
        // readiness is the harness's ReadyCheck, polled after the start
    }
}

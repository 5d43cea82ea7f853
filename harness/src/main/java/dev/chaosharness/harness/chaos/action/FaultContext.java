package dev.chaosharness.harness.chaos.action;

import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.proxy.FaultProxyClient;

/** What an action acts through: the environment's instances and the fault proxy's client for its links. */
public record FaultContext(Environment environment, FaultProxyClient proxy, String faultName) {
}

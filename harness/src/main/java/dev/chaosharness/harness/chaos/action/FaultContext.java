package dev.chaosharness.harness.chaos.action;

import dev.chaosharness.harness.environment.Environment;
import eu.rekawek.toxiproxy.ToxiproxyClient;

/** What an action acts through: the environment's instances and the Toxiproxy client for its links. */
public record FaultContext(Environment environment, ToxiproxyClient toxiproxy, String faultName) {
}

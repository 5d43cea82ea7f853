package dev.chaosharness.harness.check;

import java.util.List;

/**
 * A pure function of a run's history: no network, no clock, so it runs the same on a stored run
 * ({@code analyze}) as right after the experiment. A new check is one class implementing this and
 * one line in {@link CheckSpec#checks()}.
 */
public interface Check {

    String name();

    List<CheckResult> evaluate(RunView run);
}

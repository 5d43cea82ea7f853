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

    /**
     * The JSON pointers into Kafka record values this check reads: of each record's value, the
     * history keeps only these while it is judged (see {@link RunView#read}).
     */
    default List<String> recordPointers() {
        return List.of();
    }
}

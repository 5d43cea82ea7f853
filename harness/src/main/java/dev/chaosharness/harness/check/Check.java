package dev.chaosharness.harness.check;

import dev.chaosharness.harness.spec.CheckSpec;
import java.util.List;

/**
 * A pure function of a run's history: no network, no clock, so it runs the same on a stored run
 * ({@code analyze}) as right after the experiment. A check that judges the history alone is one
 * class implementing this and one line in {@link Checks#of}; one whose subjects the
 * experiment file declares also needs its subject record, a field of {@link CheckSpec} and its
 * parsing (the recipe: {@code harness/README.md}).
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

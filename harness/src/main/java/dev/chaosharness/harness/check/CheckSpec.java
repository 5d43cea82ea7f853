package dev.chaosharness.harness.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What an experiment's checks judge: the thresholds, and the subjects its files name (which
 * consumer groups and topics hold duplicates, which links carry a deadline, which services' JVMs
 * are judged). Written into the history ({@code checks-declared}) so {@code analyze} judges a stored
 * run exactly as the run itself did.
 *
 * @param jvmServices services whose JVMs GcPauseCheck and ThreadLeakCheck judge; empty: every service
 * @param completion  where CompletionCheck finds each accepted request's final state
 */
public record CheckSpec(CheckThresholds thresholds, List<DuplicateSubject> duplicates, List<DeadlineSubject> deadlines,
                        List<String> jvmServices, List<CompletionSubject> completion) {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module());

    public CheckSpec {
        duplicates = List.copyOf(duplicates);
        deadlines = List.copyOf(deadlines);
        jvmServices = List.copyOf(jvmServices);
        completion = completion == null ? List.of() : List.copyOf(completion); // null: a history from before completion
    }

    /** Thresholds only: the checks that need a subject have none to judge. */
    public static CheckSpec of(CheckThresholds thresholds) {
        return new CheckSpec(thresholds, List.of(), List.of(), List.of(), List.of());
    }

    /** Every check, each with its subjects: one line each (harness/README.md has the recipe). */
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        checks.add(new GatlingAssertionsCheck());
        checks.add(new DuplicateDeliveryCheck(duplicates, thresholds.maxEffectDuplicates()));
        checks.add(new GcPauseCheck(thresholds.maxGcPauseMs(), thresholds.maxGcPauseShare(), thresholds.gcShareWindowMs(),
                thresholds.maxFullGcs(), jvmServices));
        checks.add(new DeadlinePropagationCheck(deadlines, duplicates.stream().map(DuplicateSubject::effects).toList(),
                thresholds.deadlineGraceMs(), thresholds.maxAttempts()));
        checks.add(new RetryCheck(thresholds.maxAttempts(), thresholds.maxAmplification(), thresholds.minBackoffMs(),
                thresholds.deadlineGraceMs()));
        checks.add(new ThreadLeakCheck(thresholds.maxLeakedThreads(), jvmServices));
        checks.add(new LatencySloCheck(thresholds.sloP99Ms(), thresholds.p99DuringFaultMs()));
        checks.add(new ErrorBudgetCheck(thresholds.maxErrorPercent(), OptionalDouble.empty()));
        checks.add(new CompletionCheck(completion, thresholds.maxStuckRequests()));
        checks.add(new FaultsAppliedCheck());
        checks.add(new RecoveryTimeCheck(thresholds.sloP99Ms(), thresholds.recoveryWithinMs(), 2_000));
        checks.add(new LagRecoveryCheck(thresholds.maxLagRecoverySeconds() * 1000));
        return checks;
    }

    public JsonNode toJson() {
        return JSON.valueToTree(this);
    }

    public static CheckSpec fromJson(JsonNode json) {
        try {
            return JSON.treeToValue(json, CheckSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the history's checks-declared event is not a check spec: "
                    + e.getOriginalMessage(), e);
        }
    }
}

package dev.chaosharness.harness.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.util.List;

/**
 * What an experiment's checks judge: the thresholds, and the subjects its files name (which
 * consumer groups and topics hold duplicates, which links carry a deadline, which services' JVMs
 * are judged). Written into the history ({@code checks-declared}) so {@code analyze} judges a stored
 * run exactly as the run itself did.
 *
 * @param jvmServices services whose JVMs GcPauseCheck and ThreadLeakCheck judge; empty: every service
 * @param completion  where CompletionCheck finds each accepted request's final state
 * @param connections links whose connections ConnectionLeakCheck counts
 */
public record CheckSpec(CheckThresholds thresholds, List<DuplicateSubject> duplicates, List<DeadlineSubject> deadlines,
                        List<String> jvmServices, List<CompletionSubject> completion, List<ConnectionSubject> connections) {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module());

    public CheckSpec {
        duplicates = List.copyOf(duplicates);
        deadlines = List.copyOf(deadlines);
        jvmServices = List.copyOf(jvmServices);
        completion = completion == null ? List.of() : List.copyOf(completion); // null: a history from before completion
        connections = connections == null ? List.of() : List.copyOf(connections);
    }

    /** Thresholds only: the checks that need a subject have none to judge. */
    public static CheckSpec of(CheckThresholds thresholds) {
        return new CheckSpec(thresholds, List.of(), List.of(), List.of(), List.of(), List.of());
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

package dev.chaosharness.harness.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.chaosharness.harness.history.HistoryEvent;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/how-a-run-flows.md lists every history event there is, by its JSON type name, and no other. */
class HistoryEventsDocTest {

    static final String DOC = "docs/how-a-run-flows.md";
    static final String SECTION = "History events";

    /** Each record the sealed interface permits, by its {@code @JsonSubTypes} name. */
    static Map<String, Class<?>> eventTypes() {
        Map<Class<?>, String> names = Arrays.stream(HistoryEvent.class.getAnnotation(JsonSubTypes.class).value())
                .collect(Collectors.toMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));
        List<Class<?>> permitted = List.of(HistoryEvent.class.getPermittedSubclasses());
        assertThat(permitted).as("HistoryEvent's records").hasSizeGreaterThan(20).allMatch(Class::isRecord);
        assertThat(names.keySet()).as("every record has a JSON type name, and every name a record")
                .containsExactlyInAnyOrderElementsOf(permitted);
        return names.entrySet().stream().collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
    }

    @Test
    void theDocListsEveryEventTypeAndNoOther() throws IOException {
        List<String> listed = MarkdownFile.read(MarkdownFile.ROOT.resolve(DOC)).tableNames(SECTION);

        assertThat(listed).as(DOC + ", '" + SECTION + "': each type once").doesNotHaveDuplicates();
        assertThat(listed).as(DOC + ", '" + SECTION + "' against HistoryEvent's records")
                .containsExactlyInAnyOrderElementsOf(eventTypes().keySet());
    }

    @Test
    void theNamesAreTheJsonTypeNamesOfTheEventRecordsOnly() {
        Map<String, Class<?>> types = eventTypes();

        assertThat(types).containsEntry("run-started", HistoryEvent.RunStarted.class)
                .containsEntry("request", HistoryEvent.RequestCompleted.class);
        assertThat(types.values()).as("a record nested in HistoryEvent that is no event").doesNotContain(HistoryEvent.GroupMember.class);
    }
}

package dev.chaosharness.harness.spec;

import dev.chaosharness.harness.history.SourceRecord;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosharness.harness.history.HistoryEvent;
import java.util.List;

/**
 * Where CompletionCheck looks for the final state of each accepted request: records of
 * {@code topic}, tied to a request by {@code id} (a JSON pointer into the value, {@code record-key}
 * or {@code record-key-long}); or, with {@code httpService} set, the answer of that service to
 * {@code GET httpPath} with the id in place of {@code {id}}. A state is final when every condition
 * of {@code where} holds (any record or 2xx answer of the id is final when none is declared). The
 * topic is read once it has stopped growing, {@code settleMs} after the load at the most; the service
 * is asked again, until then, for each id not yet final. With {@code query} set, the records are the
 * rows of that SQL query ({@code topic} is its source, {@code id} and the conditions' pointers
 * {@code /<column>}), read again until every accepted id has a final row, at most {@code settleMs}.
 */
public record CompletionSubject(String topic, String id, List<Condition> where, long settleMs, String httpService,
                                String httpPath, java.util.Optional<JdbcQuery> query) {

    /**
     * The value at {@code pointer} is one of {@code values} ({@code not}: is none of them; a missing
     * value is none of them).
     */
    public record Condition(String pointer, List<String> values, boolean not) {

        public Condition {
            if (!pointer.startsWith("/")) {
                throw new IllegalArgumentException("where: '" + pointer + "' is not a JSON pointer such as /status");
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException("where " + pointer + ": give at least one value");
            }
            values = List.copyOf(values);
        }

        boolean holds(JsonNode value) {
            JsonNode at = value.at(pointer);
            boolean present = at != null && !at.isMissingNode() && !at.isNull();
            boolean among = present && values.contains(at.asText());
            return not != among;
        }

        @Override
        public String toString() {
            return describe(pointer);
        }

        /** {@code status in POSTED, REJECTED}, the value named as given. */
        String describe(String name) {
            return name + (not ? " not in " : " in ") + String.join(", ", values);
        }
    }

    public CompletionSubject {
        where = List.copyOf(where);
        httpService = httpService == null ? "" : httpService; // null: a history from before HTTP reads
        httpPath = httpPath == null ? "" : httpPath;
        query = query == null ? java.util.Optional.empty() : query; // null: a history from before queries
        selector(topic, id); // the id's form is checked as a record selector's
    }

    /** Final states read from a topic. */
    public CompletionSubject(String topic, String id, List<Condition> where, long settleMs) {
        this(topic, id, where, settleMs, "", "", java.util.Optional.empty());
    }

    /** Final states read from a service: {@code GET path}, {@code {id}} in it. */
    public static CompletionSubject fromHttp(String service, String path, List<Condition> where, long settleMs) {
        return new CompletionSubject(source(service, path), RecordSelector.RECORD_KEY, where, settleMs, service, path,
                java.util.Optional.empty());
    }

    /** Final states read from a database: the rows of {@code query}, tied to a request by the column {@code idColumn}. */
    public static CompletionSubject fromQuery(JdbcQuery query, String idColumn, List<Condition> where, long settleMs) {
        return new CompletionSubject(query.source(), "/" + idColumn, where, settleMs, "", "", java.util.Optional.of(query));
    }

    /** The columns of its query it reads: the id and the conditions'. */
    public List<String> queryColumns() {
        return query.map(q -> JdbcQuery.columns(pointers(), q.timeColumn())).orElse(List.of());
    }

    /** What the final reads of an HTTP subject are recorded under (its "topic"). */
    public static String source(String service, String path) {
        return "http:" + service + path;
    }

    public boolean readsHttp() {
        return !httpService.isEmpty();
    }

    /** The path to GET for one id. */
    public String pathFor(String requestId) {
        return httpPath.replace("{id}", java.net.URLEncoder.encode(requestId, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Whether the topic's keys are 8-byte longs (the id is {@code record-key-long}). */
    public boolean longKeys() {
        return selector().longKeys();
    }

    /** The records of the topic, keyed by the id. */
    public RecordSelector selector() {
        return selector(topic, id);
    }

    private static RecordSelector selector(String topic, String id) {
        return new RecordSelector(topic, id, id, "", "");
    }

    public boolean isFinal(JsonNode value) {
        return where.stream().allMatch(c -> c.holds(value));
    }

    /** A final answer of a service is a 2xx one (the record's offset holds its status). */
    public boolean isFinal(SourceRecord record) {
        return (!readsHttp() || record.status() >= 200 && record.status() < 300) && isFinal(record.value());
    }

    /** The same for a read as the probe makes it. */
    public boolean isFinal(HistoryEvent.FinalRead read) {
        return read.status() >= 200 && read.status() < 300 && isFinal(read.value());
    }

    /** The JSON pointers into a record's value this subject reads. */
    public List<String> pointers() {
        return java.util.stream.Stream.concat(selector().pointers().stream(), where.stream().map(Condition::pointer))
                .distinct().toList();
    }

    /** What the state of a record is called in evidence: the value at the first condition's pointer. */
    public String stateOf(SourceRecord record) {
        if (readsHttp() && (record.status() < 200 || record.status() >= 300)) {
            return record.status() == 0 ? "no answer" : "HTTP " + record.status();
        }
        return where.isEmpty() ? "a record" : RecordSelector.text(record.value().at(where.get(0).pointer()));
    }

    /**
     * In words, naming what is read: {@code rows of jdbc:postgres/ledger by transfer_id where status
     * in POSTED, REJECTED} (columns, not pointers), {@code a 2xx answer of gateway to GET
     * /transfers/{id} where /status in POSTED}, {@code records of postings by key where /status in
     * POSTED}.
     */
    @Override
    public String toString() {
        if (query.isPresent()) {
            return "rows of " + topic + " by " + column(id) + conditions(true);
        }
        if (readsHttp()) {
            return "a 2xx answer of " + httpService + " to GET " + httpPath + " for each id" + conditions(false);
        }
        String by = switch (id) {
            case RecordSelector.RECORD_KEY, RecordSelector.RECORD_KEY_LONG -> "key";
            default -> id;
        };
        return "records of " + topic + " by " + by + conditions(false);
    }

    private String conditions(boolean columns) {
        return where.isEmpty() ? "" : " where " + where.stream()
                .map(c -> c.describe(columns ? column(c.pointer()) : c.pointer()))
                .collect(java.util.stream.Collectors.joining(" and "));
    }

    /** A column's name from its pointer ({@code /status}: {@code status}). */
    private static String column(String pointer) {
        return pointer.startsWith("/") ? pointer.substring(1) : pointer;
    }
}

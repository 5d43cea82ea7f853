package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.spec.CompletionSubject;
import dev.chaosharness.harness.spec.Threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.harness.spec.CheckSpec;
import dev.chaosharness.harness.spec.WireHeaders;
import dev.chaosharness.harness.settings.HarnessSettings;
import dev.chaosharness.harness.system.TestSystems;
import dev.chaosharness.harness.yaml.YamlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentFileParserTest {

    private static final String VALID = """
            name: churn
            system: system.yaml
            seed: 9
            services:
              payment:
                instances: 2
                properties: {payment.defect.naive-commit: "true"}
            load:
              entry: order
              request:
                method: post
                path: /orders
                body: '{"n":${seq},"amount":${random:1-9}}'
                id-field: /orderId
              success: [201]
              rate-per-second: 20
              ramp-seconds: 5
              hold-seconds: 25
              budget-ms: 1500
            checks:
              thresholds: {max-gc-pause-ms: 150}
              duplicates:
                - group: payment-capture
                  source: {topic: orders, key: /eventId, id: /orderId}
                  effects: {topic: payments, key: /eventId, id: /orderId, where: {/status: CAPTURED}}
              deadlines: [order->payment]
              jvms: [order]
            """;

    @TempDir
    Path dir;

    private HarnessSettings settings = HarnessSettings.fromSystemProperties();

    @BeforeEach
    void writeTheSystem() throws IOException {
        Files.writeString(dir.resolve("system.yaml"), TestSystems.ORDER_PAYMENT);
    }

    private ExperimentSpec parse(String yaml, Map<String, String> overrides) {
        return new ExperimentFileParser(name -> null, settings).parse(dir.resolve("churn.yaml"), yaml, overrides);
    }

    private void assertError(String yaml, Map<String, String> overrides, String where, String message) {
        assertThatThrownBy(() -> parse(yaml, overrides)).isInstanceOf(YamlException.class)
                .hasMessageStartingWith(dir.resolve("churn.yaml") + where)
                .hasMessageContaining(message);
    }

    private static String replace(String from, String to) {
        if (!VALID.contains(from)) {
            throw new IllegalArgumentException(from);
        }
        return VALID.replace(from, to);
    }

    @Test
    void aValidFileBecomesTheSpecWithItsDefaults() {
        ExperimentSpec spec = parse(VALID, Map.of());

        assertThat(spec.name()).isEqualTo("churn");
        assertThat(spec.seed()).isEqualTo(9);
        assertThat(spec.environment().system().service("payment").instances()).isEqualTo(2);
        assertThat(spec.environment().system().service("payment").wiring().properties())
                .containsEntry("payment.defect.naive-commit", "true");
        assertThat(spec.load().request()).get().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.idPointer()).isEqualTo("/orderId");
        });
        assertThat(spec.load().budgetHeader()).as("default header").isEqualTo("X-Request-Timeout-Ms");
        assertThat(spec.load().clientTimeoutMs()).as("default: budget + 3 s").isEqualTo(4500);
        assertThat(spec.load().requestIdHeader()).as("default request-id header").isEqualTo("X-Request-Id");
        assertThat(spec.wireHeaders()).as("default: what the load sends")
                .isEqualTo(new WireHeaders(List.of("X-Request-Timeout-Ms"), List.of("traceparent", "X-Request-Id")));
        assertThat(spec.load().isSuccess(201)).isTrue();
        assertThat(spec.load().isSuccess(200)).isFalse();
        CheckSpec checks = spec.checks();
        assertThat(checks.thresholds().get(Threshold.MAX_GC_PAUSE_MS).doubleValue()).isEqualTo(150.0);
        assertThat(checks.duplicates()).singleElement().satisfies(d -> {
            assertThat(d.group()).isEqualTo("payment-capture");
            assertThat(d.effects().wherePointer()).isEqualTo("/status");
        });
        assertThat(checks.deadlines()).singleElement().satisfies(d -> assertThat(d.link()).isEqualTo("order->payment"));
        assertThat(checks.jvmServices()).containsExactly("order");
        assertThat(CheckSpec.fromJson(checks.toJson())).as("the history's copy reads back the same").isEqualTo(checks);
    }

    @Test
    void overridesReachTheSpecAndAreKept() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("load.rate-per-second", "100");
        overrides.put("load.hold-seconds", "300");
        overrides.put("services.payment.instances", "1");
        overrides.put("checks.thresholds.max-leaked-threads", "80");
        overrides.put("load.warmup.concurrency", "1");

        ExperimentSpec spec = parse(VALID, overrides);

        assertThat(spec.load().ratePerSecond()).isEqualTo(100.0);
        assertThat(spec.load().holdSeconds()).isEqualTo(300);
        assertThat(spec.environment().system().service("payment").instances()).isEqualTo(1);
        assertThat(spec.checks().thresholds().get(Threshold.MAX_LEAKED_THREADS).longValue()).isEqualTo(80);
        assertThat(spec.load().warmup().concurrency()).isEqualTo(1);
        assertThat(spec.overrides()).isEqualTo(overrides);
    }

    @Test
    void anOverrideNamingNoKnownKeyIsAnError() {
        assertError(VALID, Map.of("load.rate", "100"), " (command-line override): load.rate", "unknown field; known:");
        assertError(VALID, Map.of("checks.thresholds.max-gc-pause", "1"), " (command-line override)",
                "'max-gc-pause' is not a threshold");
        assertError(VALID, Map.of("load.hold-seconds", "long"), " (command-line override): load.hold-seconds",
                "must be a whole number");
        assertError(VALID, Map.of("load.warmup.concurrency", "0"), " (command-line override): load.warmup.concurrency",
                "must be between 1 and 64, was 0");
    }

    @Test
    void theWireHeadersFollowTheLoadsOrAreDeclared() {
        ExperimentSpec followed = parse(replace("  budget-ms: 1500\n",
                "  budget-ms: 1500\n  budget-header: x-envoy-expected-rq-timeout-ms\n  request-id-header: X-Correlation-Id\n"),
                Map.of());
        ExperimentSpec declared = parse(replace("  jvms: [order]\n",
                "  jvms: [order]\n  wire-headers: {budget: [grpc-timeout-ms], correlation: [X-B3-TraceId]}\n"), Map.of());

        assertThat(followed.wireHeaders()).isEqualTo(new WireHeaders(
                List.of("x-envoy-expected-rq-timeout-ms", "X-Request-Timeout-Ms"), List.of("traceparent", "X-Correlation-Id")));
        assertThat(declared.wireHeaders())
                .isEqualTo(new WireHeaders(List.of("grpc-timeout-ms"), List.of("X-B3-TraceId")));
        assertError(replace("  jvms: [order]\n", "  jvms: [order]\n  wire-headers: {budget: []}\n"), Map.of(),
                ":28: checks.wire-headers", "budget: name at least one header");
        assertError(replace("  jvms: [order]\n", "  jvms: [order]\n  wire-headers: {deadline: [a]}\n"), Map.of(),
                ":28: checks.wire-headers.deadline", "unknown field");
    }

    @Test
    void anUnknownFieldIsNamedWithItsLine() {
        assertError(replace("  budget-ms: 1500\n", "  budget-ms: 1500\n  budget: 3\n"), Map.of(), ":20: load.budget",
                "unknown field");
    }

    @Test
    void theSloHasOnePlaceAndFollowsGatlingsBoundUnlessSet() {
        assertThat(parse(VALID, Map.of()).checks().thresholds().get(Threshold.SLO_P99_MS).longValue()).as("default: the load's max-p99-ms (the budget)")
                .isEqualTo(1500);
        assertThat(parse(replace("{max-gc-pause-ms: 150}", "{slo-p99-ms: 800}"), Map.of()).checks().thresholds().get(Threshold.SLO_P99_MS).longValue())
                .isEqualTo(800);
        assertThatThrownBy(() -> parse(replace("  thresholds:", "  slo-p99-ms: 800\n  unheard-of: 1\n  thresholds:"), Map.of()))
                .isInstanceOf(YamlException.class)
                .hasMessageStartingWith("2 mistakes:")
                .hasMessageContaining(":21: checks.slo-p99-ms: the SLO has one place: write it as checks.thresholds.slo-p99-ms")
                .hasMessageContaining(":22: checks.unheard-of: unknown field");
    }

    @Test
    void servicesTopicsGroupsAndLinksMustBeTheSystems() {
        assertError(replace("  payment:\n    instances: 2", "  pay:\n    instances: 2"), Map.of(), ":5: services.pay",
                "system 'order-payment' has no service 'pay'");
        assertError(replace("  entry: order", "  entry: gateway"), Map.of(), ":9: load.entry", "has no service 'gateway'");
        assertError(replace("effects: {topic: payments", "effects: {topic: captures"), Map.of(),
                ":25: checks.duplicates[1].effects.topic", "declares no topic 'captures'");
        assertError(replace("- group: payment-capture", "- group: audit"), Map.of(), ":23: checks.duplicates[1].group",
                "belongs to group 'audit'");
        assertError(replace("deadlines: [order->payment]", "deadlines: [payment->order]"), Map.of(), ":26: checks.deadlines",
                "payment does not call order");
        assertError(replace("jvms: [order]", "jvms: [orders]"), Map.of(), ":27: checks.jvms", "has no service 'orders'");
    }

    @Test
    void everyMistakeOfTheFileIsNamedAtOnce() {
        String broken = VALID.replace("  budget-ms: 1500\n", "  budget-ms: 1500\n  budget: 3\n")
                .replace("{max-gc-pause-ms: 150}", "{max-gc-pause: 150}")
                .replace("deadlines: [order->payment]", "deadlines: [payment->order]")
                .replace("jvms: [order]", "jvms: [orders]");

        assertThatThrownBy(() -> parse(broken, Map.of())).isInstanceOf(YamlException.class)
                .hasMessageStartingWith("4 mistakes:")
                .hasMessageContaining(dir.resolve("churn.yaml") + ":20: load.budget: unknown field")
                .hasMessageContaining(":22: checks.thresholds.max-gc-pause: 'max-gc-pause' is not a threshold; known: "
                        + "[max-effect-duplicates, max-stuck-requests, max-gc-pause-ms,")
                .hasMessageContaining("slo-p99-ms, p99-during-fault-ms, max-error-percent, recovery-within-ms, max-lag-recovery-seconds]")
                .hasMessageContaining(":27: checks.deadlines: payment does not call order")
                .hasMessageContaining(":28: checks.jvms: system 'order-payment' has no service 'orders'")
                .satisfies(e -> assertThat(((YamlException) e).mistakes()).hasSize(4));
    }

    @Test
    void completionNamesATopicAnIdAndWhatIsFinal() {
        ExperimentSpec spec = parse(replace("  jvms: [order]\n", """
                  jvms: [order]
                  completion:
                    topic: payments
                    id: /orderId
                    where: {/status: [CAPTURED, DECLINED], /currency: {not: XXX}}
                    settle-seconds: 20
                """), Map.of());

        assertThat(spec.checks().completion()).singleElement().satisfies(c -> {
            assertThat(c.topic()).isEqualTo("payments");
            assertThat(c.settleMs()).isEqualTo(20_000);
            assertThat(c.where()).containsExactly(
                    new CompletionSubject.Condition("/status", List.of("CAPTURED", "DECLINED"), false),
                    new CompletionSubject.Condition("/currency", List.of("XXX"), true));
        });
        ExperimentSpec asked = parse(replace("  jvms: [order]\n", """
                  jvms: [order]
                  completion:
                    http: {service: order, path: "/orders/{id}"}
                    where: {/state: {not: PENDING}}
                """), Map.of());
        assertThat(asked.checks().completion()).singleElement().satisfies(c -> {
            assertThat(c.readsHttp()).isTrue();
            assertThat(c.topic()).isEqualTo("http:order/orders/{id}");
            assertThat(c.pathFor("o 1")).isEqualTo("/orders/o+1");
            assertThat(c.settleMs()).isEqualTo(10_000);
        });
        assertError(replace("  jvms: [order]\n", "  jvms: [order]\n  completion: {http: {service: order, path: /orders}}\n"),
                Map.of(), ":28: checks.completion.http.path", "must be a path with {id} in it");
        assertError(replace("  jvms: [order]\n", "  jvms: [order]\n  completion: {http: {service: shop, path: \"/o/{id}\"}}\n"),
                Map.of(), ":28: checks.completion.http.service", "has no service 'shop'");
        assertError(replace("  jvms: [order]\n", "  jvms: [order]\n  completion: {topic: payments, id: /orderId, http: {service: order, path: \"/o/{id}\"}}\n"),
                Map.of(), ":28: checks.completion", "give one of topic (with id), http or jdbc (with id)");
        assertError(replace("  jvms: [order]\n", "  jvms: [order]\n  completion: {topic: captures, id: /orderId}\n"),
                Map.of(), ":28: checks.completion.topic", "declares no topic 'captures'");
        assertError(replace("  jvms: [order]\n", "  jvms: [order]\n  completion: {topic: payments, id: orderId}\n"),
                Map.of(), ":28: checks.completion.id", "must be record-key, record-key-long or a JSON pointer");
        assertError(replace("  jvms: [order]\n", "  jvms: [order]\n  completion: {topic: payments, id: /orderId, where: {status: X}}\n"),
                Map.of(), ":28: checks.completion.where.status", "is not a JSON pointer");
        assertError(replace("  jvms: [order]\n", "  jvms: [order]\n  completion: {topic: payments, id: /orderId, where: {/s: {is: X}}}\n"),
                Map.of(), ":28: checks.completion.where./s", "unknown field");
    }

    @Test
    void aLoadIsASimulationOrARequestAndAnUnknownProfileIsNamed() {
        assertError(replace("  request:\n", "  simulation: com.team.Missing\n  request:\n"), Map.of(), ":8: load",
                "give exactly one of simulation");
        assertError(replace("  request:\n    method: post\n    path: /orders\n    body: '{\"n\":${seq},\"amount\":${random:1-9}}'\n    id-field: /orderId\n",
                "  simulation: com.team.Missing\n"), Map.of(), ":10: load.simulation", "no class com.team.Missing");
        assertError(replace("seed: 9\n", "seed: 9\nprofile: no-such-profile\n"), Map.of(), ":4: profile",
                "no chaos profile 'no-such-profile'");
        assertError(replace("${seq}", "${sequence}"), Map.of(), ":10: load.request", "a body knows ${seq}");
    }

    @Test
    void overridesAreParsedFromTheProperty() {
        assertThat(Overrides.parse("load.rate-per-second=100, load.success=[200,201],seed=3"))
                .containsExactly(Map.entry("load.rate-per-second", "100"), Map.entry("load.success", "[200,201]"),
                        Map.entry("seed", "3"));
        assertThat(Overrides.parse(" ")).isEmpty();
        assertThatThrownBy(() -> Overrides.parse("load.rate-per-second")).hasMessageContaining("is not key=value");
    }

    @Test
    void aProfileNamedInTheFileMustCarryItsFilesName() throws IOException {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("churn.yaml"), "name: other\ndescription: d\ntimeline: []\n");
        settings = settings.withProfilesDir(profiles);

        assertThatThrownBy(() -> parse(replace("seed: 9\n", "seed: 9\nprofile: churn\n"), Map.of()))
                .isInstanceOf(YamlException.class).hasMessageContaining("is 'other' but the file is churn.yaml");
    }

    private static final String ROWS = "effects:\n        jdbc: {service: payment, database: pay, user: app, password: pw,"
            + " query: \"select event_id, order_id, made_by, made_at from captures\"}\n"
            + "        key: event_id\n        id: order_id\n        time: made_at\n      member: made_by\n      x: ";

    @Test
    void effectsFromADatabaseAreTheRowsOfAQueryJudgedByTheirColumns() {
        CheckSpec checks = parse(replace("effects: {topic: payments, key: /eventId, id: /orderId, where: {/status: CAPTURED}}",
                ROWS.replace("\n      x: ", "")), Map.of()).checks();

        assertThat(checks.duplicates()).singleElement().satisfies(d -> {
            assertThat(d.effectsQuery()).get().satisfies(q -> {
                assertThat(q.source()).isEqualTo("jdbc:payment/pay");
                assertThat(q.url("db:5432")).isEqualTo("jdbc:postgresql://db:5432/pay");
                assertThat(q.timeColumn()).contains("made_at");
            });
            assertThat(d.effects().topic()).isEqualTo("jdbc:payment/pay");
            assertThat(d.effects().key()).isEqualTo("/event_id");
            assertThat(d.memberPointer()).isEqualTo("/made_by");
            assertThat(d.effectColumns()).containsExactly("event_id", "order_id", "made_by", "made_at");
        });
        assertThat(checks.toJson().toString()).as("the password stays out of the history").doesNotContain("\"pw\"");
        assertThat(CheckSpec.fromJson(checks.toJson()).duplicates().get(0).effectsQuery()).get()
                .satisfies(q -> assertThat(q.password()).isEmpty()).usingRecursiveComparison().ignoringFields("password")
                .isEqualTo(checks.duplicates().get(0).effectsQuery().get());
    }

    @Test
    void aQueryThatCannotBeOneOrAColumnThatCannotBeOneIsNamed() {
        String rows = replace("effects: {topic: payments, key: /eventId, id: /orderId, where: {/status: CAPTURED}}",
                ROWS.replace("\n      x: ", ""));
        assertError(rows.replace("service: payment,", "service: db,"), Map.of(), ":26: checks.duplicates[1].effects.jdbc.service",
                "has no service 'db'");
        assertError(rows.replace("select event_id, order_id, made_by, made_at from captures", "delete from captures"), Map.of(),
                ":26: checks.duplicates[1].effects.jdbc.query", "must be a query (select ... or with ...)");
        assertError(rows.replace("key: event_id", "key: /event/id"), Map.of(), ":27: checks.duplicates[1].effects.key",
                "must be a column of the query");
        assertError(rows.replace("user: app, ", ""), Map.of(), ":26: checks.duplicates[1].effects.jdbc.user", "");
    }

    @Test
    void completionCanBeJudgedFromTheRowsOfTheSameQuery() {
        String rows = replace("effects: {topic: payments, key: /eventId, id: /orderId, where: {/status: CAPTURED}}",
                ROWS.replace("\n      x: ", "")) + "  completion:\n    jdbc: {service: payment, database: pay, user: app,"
                + " query: \"select event_id, order_id, made_by, made_at from captures\"}\n    id: order_id\n"
                + "    where: {made_by: [payment-1, payment-2]}\n";

        CheckSpec checks = parse(rows, Map.of()).checks();

        assertThat(checks.completion()).singleElement().satisfies(c -> {
            assertThat(c.topic()).isEqualTo("jdbc:payment/pay");
            assertThat(c.id()).isEqualTo("/order_id");
            assertThat(c.queryColumns()).containsExactly("order_id", "made_by");
        });
        assertThat(CheckSpec.fromJson(checks.toJson()).completion()).as("read back from the history")
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("query.value.password")
                .isEqualTo(checks.completion());
        assertError(rows.replace("id: order_id\n    where", "id: order_id\n    where").replace(
                "user: app, query: \"select event_id, order_id, made_by, made_at from captures\"",
                "user: app, query: \"select order_id, made_by from captures\""), Map.of(), ":20: checks",
                "checks.completion and checks.duplicates[1].effects read jdbc:payment/pay with different queries");
    }
}

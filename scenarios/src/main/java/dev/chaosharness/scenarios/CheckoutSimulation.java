package dev.chaosharness.scenarios;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.chaosharness.harness.load.LoadRun;
import dev.chaosharness.harness.load.RequestResult;
import dev.chaosharness.harness.load.LoadSpec;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Customers placing orders, as a team's own Gatling simulation would: an open workload that ramps
 * to the target rate, then holds it. Each virtual user places one order with its budget in the
 * experiment's budget header; every result is written to the run history with the orderId as the
 * request's id. Parameters come from the experiment file ({@link LoadRun#current()}).
 */
public class CheckoutSimulation extends Simulation {

    private final LoadRun run = LoadRun.current();
    private final LoadSpec spec = run.spec();

    private final HttpProtocolBuilder protocol = http
            .baseUrl(run.target().toString())
            .contentTypeHeader("application/json")
            .acceptHeader("application/json");

    private final ScenarioBuilder checkout = scenario("checkout")
            .exec(session -> session
                    .set("customerId", "customer-" + ThreadLocalRandom.current().nextInt(1, 500))
                    .set("amountCents", ThreadLocalRandom.current().nextLong(100, 50_000))
                    .set("qty", ThreadLocalRandom.current().nextInt(1, 4))
                    .set("startMs", System.currentTimeMillis()))
            .exec(http("place order")
                    .post("/orders")
                    .header(spec.budgetHeader(), Long.toString(spec.budgetMs()))
                    .body(StringBody("{\"customerId\":\"#{customerId}\",\"amountCents\":#{amountCents},"
                            + "\"items\":[{\"sku\":\"sku-1\",\"qty\":#{qty}}]}"))
                    .requestTimeout(java.time.Duration.ofMillis(spec.clientTimeoutMs()))
                    .check(status().saveAs("status"))
                    .check(CoreDsl.responseTimeInMillis().saveAs("latencyMs"))
                    .check(jsonPath("$.orderId").optional().saveAs("orderId"))
                    .check(status().in(spec.successStatuses())))
            .exec(session -> {
                record(session);
                return session;
            });

    {
        setUp(checkout.injectOpen(spec.openInjection()))
                .protocols(protocol)
                .assertions(
                        global().responseTime().percentile(99.0).lt((int) spec.maxP99Ms()),
                        global().failedRequests().percent().lte(spec.maxErrorPercent()));
    }

    private void record(Session session) {
        long startMs = session.getLong("startMs");
        boolean answered = session.contains("status");
        long latencyMs = session.contains("latencyMs")
                ? session.getInt("latencyMs") : System.currentTimeMillis() - startMs;
        RequestResult result = RequestResult.sentAt(startMs).latencyMs(latencyMs)
                .correlationId(session.contains("orderId") ? session.getString("orderId") : null);
        run.record(answered ? result.status(session.getInt("status"))
                : result.unanswered("no response (timeout or connection failure)"));
    }
}

package dev.chaosharness.harness.load;

import java.net.URI;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The declared HTTP load ({@link HttpRequestSpec}) as a Gatling simulation: an open workload, one
 * request per virtual user, each carrying its budget, every result written to the run history with
 * the id the response names.
 */
public class HttpLoadSimulation extends Simulation {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoadRun run = LoadRun.current();
    private final LoadSpec spec = run.spec();
    private final HttpRequestSpec request = spec.request().orElseThrow(() ->
            new IllegalStateException("HttpLoadSimulation needs a declared request"));
    private final Random random = new Random(spec.seed());
    private final AtomicLong seq = new AtomicLong();

    {
        HttpRequestActionBuilder call = http(request.method() + " " + request.path())
                .httpRequest(request.method(), request.path())
                .header(spec.budgetHeader(), Long.toString(spec.budgetMs()))
                .header(spec.requestIdHeader(), "#{requestId}")
                .body(StringBody("#{body}"))
                .requestTimeout(Duration.ofMillis(spec.clientTimeoutMs()))
                .check(status().saveAs("status"))
                .check(responseTimeInMillis().saveAs("latencyMs"))
                .check(bodyString().saveAs("response"))
                .check(status().in(spec.successStatuses()));
        for (var header : request.headers().entrySet()) {
            call = call.header(header.getKey(), header.getValue());
        }
        ScenarioBuilder load = scenario(request.method() + " " + request.path())
                .exec(this::next)
                .exec(call)
                .exec(session -> {
                    record(session);
                    return session;
                });
        setUp(load.injectOpen(spec.openInjection()))
                .protocols(http.baseUrls(run.targets().stream().map(URI::toString).toList()))
                .assertions(
                        global().responseTime().percentile(99.0).lt((int) spec.maxP99Ms()),
                        global().failedRequests().percent().lte(spec.maxErrorPercent()));
    }

    /** The next request's body and id: the id is the run's seed and the request's number, unique in the run. */
    private Session next(Session session) {
        synchronized (random) {
            long number = seq.incrementAndGet();
            return session.set("body", request.render(number, random)).set("requestId", new UUID(spec.seed(), number).toString())
                    .set("startMs", System.currentTimeMillis());
        }
    }

    private void record(Session session) {
        long startMs = session.getLong("startMs");
        boolean answered = session.contains("status");
        long latencyMs = session.contains("latencyMs") ? session.getInt("latencyMs") : System.currentTimeMillis() - startMs;
        RequestResult result = RequestResult.sentAt(startMs).latencyMs(latencyMs).requestId(session.getString("requestId"));
        run.record(answered ? result.status(session.getInt("status"))
                .correlationId(session.contains("response") ? idOf(session.getString("response")) : null)
                : result.unanswered("no response (timeout or connection failure)"));
    }

    private String idOf(String response) {
        if (request.idPointer().isEmpty() || response == null || response.isBlank()) {
            return null;
        }
        try {
            JsonNode id = JSON.readTree(response).at(request.idPointer());
            return id.isMissingNode() || id.isNull() ? null : id.asText();
        } catch (IOException e) {
            return null;
        }
    }
}

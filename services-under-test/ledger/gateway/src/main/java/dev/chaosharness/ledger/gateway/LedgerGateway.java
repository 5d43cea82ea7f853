package dev.chaosharness.ledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code POST /transfers {from, to, amountCents}}: asks the risk service whether the transfer is
 * allowed (with the caller's remaining budget in {@code X-Request-Timeout-Ms}), then publishes
 * TransferRequested to {@code transfers}, keyed by the transfer id as a long, and answers 202
 * {@code {transferId}}. 400 names a bad field, 422 when risk refuses, 503 when risk or Kafka cannot
 * answer in time. The caller's {@code X-Request-Id} and {@code traceparent} go on to risk, so a call
 * can be tied to the request that caused it. When risk says "not now" (429, 502, 503) the gateway
 * asks again as {@link RiskRetry} says, and when risk stays unavailable it falls back: a transfer
 * of at most {@value #FALLBACK_LIMIT_CENTS} cents goes on unscored, a larger one is refused with 503.
 * Plain Java on purpose: no framework, no actuator, a readiness line on stdout.
 *
 * <p>Arguments: {@code --host H --port P --bootstrap B --instance NAME [--risk-url URL]
 * [--defect drop-budget|retry-storm]}; {@code drop-budget} asks risk without the budget header, as a
 * client that forgot to propagate the deadline would; {@code retry-storm} asks again at once, for as
 * long as the caller's budget lasts.
 */
public final class LedgerGateway {

    static final String BUDGET_HEADER = "X-Request-Timeout-Ms";
    static final long DEFAULT_BUDGET_MS = 2000;
    static final List<String> FORWARDED_HEADERS = List.of("X-Request-Id", "traceparent");
    static final long FALLBACK_LIMIT_CENTS = 20_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<Long, String> producer;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final String riskUrl;
    private final boolean dropBudget;
    private final RiskRetry retry;
    private final AtomicLong nextId = new AtomicLong(System.currentTimeMillis() * 1000);

    LedgerGateway(KafkaProducer<Long, String> producer, String riskUrl, boolean dropBudget, RiskRetry retry) {
        this.producer = producer;
        this.riskUrl = riskUrl;
        this.dropBudget = dropBudget;
        this.retry = retry;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = Options.parse(args);
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("bootstrap"));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, options.getOrDefault("instance", "gateway"));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, LongSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        String defect = options.getOrDefault("defect", "none");
        if (!List.of("none", "drop-budget", "retry-storm").contains(defect)) {
            throw new IllegalArgumentException("--defect: none, drop-budget or retry-storm, was '" + defect + "'");
        }
        LedgerGateway gateway = new LedgerGateway(new KafkaProducer<>(config), options.getOrDefault("risk-url", ""),
                defect.equals("drop-budget"), defect.equals("retry-storm") ? RiskRetry.STORM : RiskRetry.BOUNDED);
        HttpServer server = HttpServer.create(new InetSocketAddress(options.getOrDefault("host", "127.0.0.1"),
                Integer.parseInt(options.get("port"))), 64);
        server.createContext("/transfers", gateway::transfer);
        server.createContext("/health", exchange -> respond(exchange, 200, "{\"status\":\"UP\"}"));
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(1);
            gateway.producer.close(Duration.ofSeconds(5));
        }));
        System.out.println("ledger-gateway listening on " + server.getAddress() + (gateway.dropBudget
                ? " (defect drop-budget: risk is asked without the caller's budget)" : "")
                + (gateway.retry == RiskRetry.STORM ? " (defect retry-storm: risk is asked again at once, unbounded)" : ""));
    }

    private void transfer(HttpExchange exchange) throws IOException {
        long startNanos = System.nanoTime();
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 405, "{\"error\":\"POST only\"}");
                return;
            }
            long budgetMs = budget(exchange.getRequestHeaders().getFirst(BUDGET_HEADER));
            JsonNode body = parse(exchange.getRequestBody().readAllBytes());
            String problem = Transfers.problem(body);
            if (problem != null) {
                respond(exchange, 400, JSON.writeValueAsString(Map.of("error", problem)));
                return;
            }
            if (!riskUrl.isEmpty() && !allowed(body.path("amountCents").asLong(), budgetMs, startNanos,
                    exchange.getRequestHeaders())) {
                respond(exchange, 422, "{\"error\":\"refused by risk\"}");
                return;
            }
            long transferId = nextId.incrementAndGet();
            ObjectNode event = JSON.createObjectNode().put("transferId", transferId).put("from", body.path("from").asText())
                    .put("to", body.path("to").asText()).put("amountCents", body.path("amountCents").asLong())
                    .put("requestedAt", System.currentTimeMillis());
            producer.send(new ProducerRecord<>("transfers", transferId, JSON.writeValueAsString(event)))
                    .get(Math.max(1, remaining(budgetMs, startNanos)), TimeUnit.MILLISECONDS);
            respond(exchange, 202, "{\"transferId\":" + transferId + "}");
        } catch (RiskUnavailable | TimeoutException | ExecutionException e) {
            respond(exchange, 503, JSON.writeValueAsString(Map.of("error", String.valueOf(e.getMessage()))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 503, "{\"error\":\"interrupted\"}");
        }
    }

    /**
     * Asks risk, again while {@link RiskRetry} allows after a "not now"; risk still unavailable after
     * that, small transfers go on unscored (the fallback) and larger ones are refused.
     */
    private boolean allowed(long amountCents, long budgetMs, long startNanos, Headers callerHeaders)
            throws InterruptedException {
        int attempt = 1;
        while (true) {
            int status = ask(amountCents, remaining(budgetMs, startNanos), callerHeaders);
            if (status >= 0) {
                return status == 1;
            }
            long backoffMs = retry.backoffBefore(++attempt, remaining(budgetMs, startNanos));
            if (backoffMs < 0) {
                if (amountCents <= FALLBACK_LIMIT_CENTS) {
                    return true;
                }
                throw new RiskUnavailable("risk unavailable after " + (attempt - 1) + " attempts");
            }
            Thread.sleep(backoffMs);
        }
    }

    /**
     * One call to risk with what is left of the caller's budget and the caller's correlation headers:
     * 1 allowed, 0 refused, -1 "not now" (a status {@link RiskRetry#retryable} names).
     */
    private int ask(long amountCents, long remainingMs, Headers callerHeaders) throws InterruptedException {
        if (remainingMs <= 0) {
            throw new RiskUnavailable("no budget left to ask risk");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(riskUrl.split(",")[0] + "/score?amountCents="
                + amountCents)).timeout(Duration.ofMillis(remainingMs)).GET();
        if (!dropBudget) {
            builder.header(BUDGET_HEADER, Long.toString(remainingMs));
        }
        for (String name : FORWARDED_HEADERS) {
            String value = callerHeaders.getFirst(name);
            if (value != null) {
                builder.header(name, value);
            }
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (RiskRetry.retryable(response.statusCode())) {
                return -1;
            }
            if (response.statusCode() != 200) {
                throw new RiskUnavailable("risk answered " + response.statusCode());
            }
            return JSON.readTree(response.body()).path("allowed").asBoolean(false) ? 1 : 0;
        } catch (HttpTimeoutException e) {
            throw new RiskUnavailable("risk did not answer within " + remainingMs + " ms");
        } catch (IOException e) {
            throw new RiskUnavailable("risk unreachable: " + e);
        }
    }

    static long budget(String header) {
        try {
            return header == null ? DEFAULT_BUDGET_MS : Math.max(0, Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            return DEFAULT_BUDGET_MS;
        }
    }

    private static long remaining(long budgetMs, long startNanos) {
        return budgetMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final class RiskUnavailable extends RuntimeException {
        RiskUnavailable(String message) {
            super(message);
        }
    }
}

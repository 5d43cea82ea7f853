package dev.chaosharness.ledger.writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Asks the risk service ({@code ledger.risk-url}, when set) whether a transfer may be posted, with
 * a 1 s bound. A refused connection, a timeout or a status other than 200 is a transient error
 * ({@link IOException}): the risk service may well answer a moment later.
 */
@Component
public class RiskClient {

    private static final Duration BOUND = Duration.ofSeconds(1);

    private final Optional<URI> riskUrl;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(BOUND).build();

    public RiskClient(@Value("${ledger.risk-url:}") String riskUrls, ObjectMapper json) {
        // the harness passes ${urls:risk}: one base URL per risk instance, comma-separated; the first will do
        this.riskUrl = riskUrls.isBlank() ? Optional.empty() : Optional.of(URI.create(riskUrls.split(",")[0].strip()));
        this.json = json;
    }

    /** True when no risk service is wired, or it allows the amount. */
    public boolean allows(long amountCents) throws IOException, InterruptedException {
        if (riskUrl.isEmpty()) {
            return true;
        }
        HttpRequest request = HttpRequest.newBuilder(riskUrl.get().resolve("/score?amountCents=" + amountCents))
                .timeout(BOUND).header("X-Request-Timeout-Ms", Long.toString(BOUND.toMillis())).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("risk answered " + response.statusCode());
        }
        JsonNode body = json.readTree(response.body());
        return body.path("allowed").asBoolean(false);
    }
}

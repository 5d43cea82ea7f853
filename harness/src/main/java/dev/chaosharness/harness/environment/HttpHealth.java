package dev.chaosharness.harness.environment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** An HTTP readiness probe: {@code GET <path>} answers 2xx. */
final class HttpHealth {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private HttpHealth() {
    }

    /** What the endpoint answered: {@code up} for a 2xx; else what it said (its status and the start of its body, or the error). */
    record Answer(boolean up, String said) {
    }

    static Answer ask(URI base, String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            String body = response.body().strip().replaceAll("\\s+", " ");
            return new Answer(status >= 200 && status < 300, "HTTP " + status
                    + (body.isEmpty() ? "" : " " + (body.length() > 200 ? body.substring(0, 200) + "..." : body)));
        } catch (IOException e) {
            return new Answer(false, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(false, "interrupted");
        }
    }
}

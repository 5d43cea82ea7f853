package dev.chaosharness.harness.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;

/**
 * Requests sent one after another before the load, through the whole path, so the first measured
 * requests do not pay for class loading, JIT and first connections. They carry a generous budget
 * and are not the load's, so no request event is written for them; what they leave in the topics
 * is there like any other record, and DeadlinePropagationCheck leaves out what happened before the load.
 */
public final class Warmup {

    private static final long WARMUP_DEADLINE_MS = 10_000;

    private Warmup() {
    }

    /** Sends the load's warm-up; returns how many answered a success status. */
    public static int run(LoadSpec spec, URI target) {
        if (spec.warmup().requests() == 0 || spec.warmupRequest().isEmpty()) {
            return 0;
        }
        HttpRequestSpec declared = spec.warmupRequest().get();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random(spec.seed() ^ 0x5eed);
        int succeeded = 0;
        for (int i = 1; i <= spec.warmup().requests(); i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(declared.path()))
                    .timeout(Duration.ofMillis(WARMUP_DEADLINE_MS + 5_000))
                    .header(spec.budgetHeader(), Long.toString(WARMUP_DEADLINE_MS))
                    .method(declared.method(), HttpRequest.BodyPublishers.ofString(declared.render(-i, random)));
            declared.headers().forEach(request::header);
            try {
                if (spec.isSuccess(http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode())) {
                    succeeded++;
                }
            } catch (IOException e) {
                // a warm-up request that fails is counted as not succeeded; the load says the rest
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return succeeded;
            }
        }
        return succeeded;
    }
}

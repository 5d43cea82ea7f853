package dev.chaosharness.harness.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests sent before the load, a few at a time, through the whole path, so the first measured
 * requests do not pay for class loading, JIT and first connections. They carry a generous budget
 * and are not the load's, so no request event is written for them; what they leave in the topics
 * is there like any other record, and DeadlinePropagationCheck leaves out what happened before the load.
 * A few in flight rather than one: against a slow dependency (1.4 s a call) thirty one after
 * another took 40 s here, and nothing is measured then.
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
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger thread = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(spec.warmup().concurrency(), task -> {
            Thread sender = new Thread(task, "warmup-" + thread.incrementAndGet());
            sender.setDaemon(true);
            return sender;
        });
        try {
            int succeeded = 0;
            for (Future<Boolean> answer : senders.invokeAll(requests(spec, target, http))) {
                succeeded += succeeded(answer) ? 1 : 0;
            }
            return succeeded;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            senders.shutdownNow();
        }
    }

    /** Rendered one after another before any is sent, so the seeded bodies do not depend on the concurrency. */
    private static List<Callable<Boolean>> requests(LoadSpec spec, URI target, HttpClient http) {
        HttpRequestSpec declared = spec.warmupRequest().orElseThrow();
        Random random = new Random(spec.seed() ^ 0x5eed);
        List<Callable<Boolean>> requests = new ArrayList<>();
        for (int i = 1; i <= spec.warmup().requests(); i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(declared.path()))
                    .timeout(Duration.ofMillis(WARMUP_DEADLINE_MS + 5_000))
                    .header(spec.budgetHeader(), Long.toString(WARMUP_DEADLINE_MS))
                    .method(declared.method(), HttpRequest.BodyPublishers.ofString(declared.render(-i, random)));
            declared.headers().forEach(request::header);
            HttpRequest built = request.build();
            requests.add(() -> spec.isSuccess(http.send(built, HttpResponse.BodyHandlers.discarding()).statusCode()));
        }
        return requests;
    }

    /** A warm-up request that failed counts as not succeeded; the load says the rest. */
    private static boolean succeeded(Future<Boolean> answer) throws InterruptedException {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            return false;
        }
    }
}

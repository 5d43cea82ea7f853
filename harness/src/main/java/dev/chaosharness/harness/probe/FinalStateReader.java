package dev.chaosharness.harness.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * After the load, asks a service for the state of each accepted request ({@code GET}, the id in the
 * path): Jepsen's final read. An id whose answer is not yet final is asked again, every half second,
 * until it is or the settle time is over; the last answer of each id is written to the history as a
 * {@code final-read} event. A few requests at a time, each bounded, so the whole read is bounded by
 * the settle time plus one request.
 */
public final class FinalStateReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(2);
    private static final Duration AGAIN_AFTER = Duration.ofMillis(500);
    private static final int AT_ONCE = 4;

    private final URI service;
    private final Function<String, String> pathOf;
    private final Predicate<HistoryEvent.FinalRead> isFinal;
    private final String source;
    private final RunHistory history;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_BOUND).build();

    /**
     * @param pathOf  the path to GET for an id
     * @param isFinal whether an answer is a final state
     * @param source  what the reads are recorded under
     */
    public FinalStateReader(URI service, Function<String, String> pathOf, Predicate<HistoryEvent.FinalRead> isFinal,
                          String source, RunHistory history) {
        this.service = service;
        this.pathOf = pathOf;
        this.isFinal = isFinal;
        this.source = source;
        this.history = history;
    }

    /** Reads every id, again for those not yet final until {@code settle} is over; returns how many were final. */
    public int read(Collection<String> ids, Duration settle) {
        long deadline = System.nanoTime() + settle.toNanos();
        List<String> pending = new ArrayList<>(ids);
        int finalCount = 0;
        ExecutorService readers = Executors.newFixedThreadPool(AT_ONCE, r -> {
            Thread thread = new Thread(r, "final-read");
            thread.setDaemon(true);
            return thread;
        });
        try {
            while (true) {
                List<HistoryEvent.FinalRead> answers = readAll(readers, pending);
                boolean last = System.nanoTime() > deadline;
                List<String> notFinal = new ArrayList<>();
                for (HistoryEvent.FinalRead answer : answers) {
                    if (isFinal.test(answer)) {
                        finalCount++;
                        history.append(answer);
                    } else if (last) {
                        history.append(answer);
                    } else {
                        notFinal.add(answer.id());
                    }
                }
                if (notFinal.isEmpty()) {
                    return finalCount;
                }
                pending = notFinal;
                Thread.sleep(AGAIN_AFTER.toMillis()); // the service's state settles by itself: asked again later
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return finalCount;
        } finally {
            readers.shutdownNow();
        }
    }

    private List<HistoryEvent.FinalRead> readAll(ExecutorService readers, List<String> ids) throws InterruptedException {
        List<Future<HistoryEvent.FinalRead>> reads = new ArrayList<>();
        for (String id : ids) {
            reads.add(readers.submit(() -> readOne(id)));
        }
        List<HistoryEvent.FinalRead> answers = new ArrayList<>();
        for (Future<HistoryEvent.FinalRead> read : reads) {
            try {
                answers.add(read.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("final read failed: " + e.getCause(), e.getCause());
            }
        }
        return answers;
    }

    private HistoryEvent.FinalRead readOne(String id) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(service.resolve(pathOf.apply(id))).timeout(REQUEST_BOUND)
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new HistoryEvent.FinalRead(System.currentTimeMillis(), source, id, response.statusCode(), json(response.body()));
        } catch (IOException e) {
            return new HistoryEvent.FinalRead(System.currentTimeMillis(), source, id, 0, TextNode.valueOf(e.toString()));
        }
    }

    private static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return TextNode.valueOf(body);
        }
    }
}

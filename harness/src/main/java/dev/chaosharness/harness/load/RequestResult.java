package dev.chaosharness.harness.load;

import java.util.Optional;

/**
 * What a simulation records of one request, by name:
 * <pre>{@code
 * run.record(RequestResult.sentAt(startMs).latencyMs(latency).status(201).correlationId(orderId));
 * run.record(RequestResult.sentAt(startMs).latencyMs(latency).unanswered("timeout"));
 * }</pre>
 * {@code status} 0 (the default) means no HTTP answer came, with the reason in {@code error};
 * {@code correlationId} identifies the request in the system (the response's id, e.g. an order id);
 * {@code requestId} is the id it sent in its request-id header, by which the fault proxy's
 * observations of the calls it caused are tied to it. Whether it succeeded, and its budget, come
 * from the load's declaration.
 */
public record RequestResult(long startMs, long latencyMs, int status, Optional<String> correlationId,
                            Optional<String> error, Optional<String> requestId) {

    /** A request sent at {@code startMs} (epoch ms), not answered until told otherwise. */
    public static RequestResult sentAt(long startMs) {
        return new RequestResult(startMs, 0, 0, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public RequestResult latencyMs(long latencyMs) {
        return new RequestResult(startMs, latencyMs, status, correlationId, error, requestId);
    }

    /** Answered with this HTTP status. */
    public RequestResult status(int status) {
        return new RequestResult(startMs, latencyMs, status, correlationId, error, requestId);
    }

    /** No HTTP answer came (status 0), and why. */
    public RequestResult unanswered(String why) {
        return new RequestResult(startMs, latencyMs, 0, correlationId, Optional.of(why), requestId);
    }

    /** The id the system gave the request; a null or blank id is none. */
    public RequestResult correlationId(String id) {
        return new RequestResult(startMs, latencyMs, status, present(id), error, requestId);
    }

    /** The id the request sent in its request-id header; a null or blank id is none. */
    public RequestResult requestId(String id) {
        return new RequestResult(startMs, latencyMs, status, correlationId, error, present(id));
    }

    private static Optional<String> present(String id) {
        return id == null || id.isBlank() ? Optional.empty() : Optional.of(id);
    }
}

package dev.chaosharness.faultproxy.toxic;

import dev.chaosharness.faultproxy.observe.RequestLine;
import java.util.List;

/**
 * {@code http_reset_after_request} (fault-proxy's extension), on responses (stream downstream):
 * the callee gets each matching request and does the work, and when its response starts the
 * caller's connection is reset (RST) instead: the work is done and the answer lost, which tests
 * whether a retry is idempotent. Each response draws against the toxicity.
 */
public final class HttpResetAfterRequestToxic implements HttpToxic {

    @Override
    public String type() {
        return "http_reset_after_request";
    }

    @Override
    public boolean actsOnRequests() {
        return false;
    }

    @Override
    public List<Attribute> ownAttributes() {
        return List.of();
    }

    @Override
    public Chunk onChunk(Chunk chunk, ToxicContext context, Sink next) {
        HttpView http = context.http();
        return responses(context).accept(chunk, (statusLine, headers) -> {
            RequestLine answered = http.answering().orElse(null);
            if (answered != null && HttpToxic.matches(context, answered) && context.draw()) {
                context.closeConnection(true);
                return HttpMessages.Verdict.DROP;
            }
            return HttpMessages.Verdict.PASS;
        }, next);
    }

    @Override
    public void onRemoved(ToxicContext context, Sink next) {
        responses(context).release(next);
    }

    private static HttpMessages responses(ToxicContext context) {
        HttpView http = context.http();
        return context.state(() -> HttpMessages.responses(
                () -> http.answering().map(r -> r.method().equals("HEAD")).orElse(false)));
    }
}

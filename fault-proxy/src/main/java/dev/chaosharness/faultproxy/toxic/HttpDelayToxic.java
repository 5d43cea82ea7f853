package dev.chaosharness.faultproxy.toxic;

import dev.chaosharness.faultproxy.observe.RequestLine;
import java.util.List;

/**
 * {@code http_delay} (fault-proxy's extension), on responses (stream downstream): holds the head of
 * each matching response for {@code delay_ms} before it goes on, so the callee has done the work
 * and the caller hears of it late; each response draws against the toxicity.
 */
public final class HttpDelayToxic implements HttpToxic {

    private static final Attribute DELAY_MS = new Attribute("delay_ms");

    @Override
    public String type() {
        return "http_delay";
    }

    @Override
    public boolean actsOnRequests() {
        return false;
    }

    @Override
    public List<Attribute> ownAttributes() {
        return List.of(DELAY_MS);
    }

    /** The responses of this connection, and when the head being held began to wait ({@code -1}: none). */
    private static final class Delaying {
        final HttpMessages responses;
        long heldSinceNanos = -1;

        Delaying(HttpView http) {
            this.responses = HttpMessages.responses(() -> http.answering().map(r -> r.method().equals("HEAD")).orElse(false));
        }
    }

    @Override
    public Chunk onChunk(Chunk chunk, ToxicContext context, Sink next) {
        HttpView http = context.http();
        Delaying delaying = context.state(() -> new Delaying(http));
        return delaying.responses.accept(chunk, (statusLine, headers) -> {
            if (delaying.heldSinceNanos < 0) {
                RequestLine answered = http.answering().orElse(null);
                if (answered == null || !HttpToxic.matches(context, answered) || !context.draw()) {
                    return HttpMessages.Verdict.PASS;
                }
                delaying.heldSinceNanos = System.nanoTime();
            }
            long since = delaying.heldSinceNanos;
            if (context.until(() -> since + DELAY_MS.of(context) * 1_000_000L) == ToxicContext.Wait.PENDING) {
                return HttpMessages.Verdict.HOLD;
            }
            delaying.heldSinceNanos = -1;
            return HttpMessages.Verdict.PASS;
        }, next);
    }

    @Override
    public void onRemoved(ToxicContext context, Sink next) {
        context.state(() -> new Delaying(context.http())).responses.release(next);
    }
}

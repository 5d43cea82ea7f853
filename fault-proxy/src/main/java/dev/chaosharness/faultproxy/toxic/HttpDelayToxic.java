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

    @Override
    public void onChunk(Chunk chunk, ToxicContext context, Sink next) throws InterruptedException {
        HttpView http = context.http();
        HttpMessages responses = context.state(() -> HttpMessages.responses(
                () -> http.answering().map(r -> r.method().equals("HEAD")).orElse(false)));
        responses.accept(chunk, (statusLine, headers) -> {
            RequestLine answered = http.answering().orElse(null);
            if (answered != null && HttpToxic.matches(context, answered) && context.draw()) {
                long start = System.nanoTime();
                context.awaitUntil(() -> start + DELAY_MS.of(context) * 1_000_000L);
            }
            return true;
        }, next);
    }
}

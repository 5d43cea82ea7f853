package dev.chaosharness.faultproxy.toxic;

import dev.chaosharness.faultproxy.observe.HttpMessageParser;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP/1.1 messages in one direction of a connection, for an HTTP toxic: the bytes of each
 * message's head are held until the head is complete, then the toxic decides whether the message
 * goes on; if not, its head and body are dropped. The decision may be "not yet" (a delay): the
 * message and what follows it are held, and the decision is asked again on the next call. Bytes
 * that are not HTTP pass untouched. Pipelined messages are told apart like any others.
 */
final class HttpMessages {

    /** What becomes of a message whose head is complete. */
    enum Verdict {
        PASS, DROP, HOLD
    }

    /** Decides, once a message's head is complete, whether its bytes go on; asked again after {@link Verdict#HOLD}. */
    interface Decision {
        Verdict decide(String startLine, Map<String, String> headers);
    }

    private final HttpMessageParser parser;
    private final ByteArrayOutputStream heldHead = new ByteArrayOutputStream();
    private String startLine;
    private Map<String, String> headers;
    private boolean headSeen;
    private boolean ended;
    private boolean gaveUp;
    private boolean inBody;
    private boolean passing = true;
    /** A complete head waits for its decision (the last one was {@link Verdict#HOLD}). */
    private boolean deciding;
    private boolean endedWithHead;

    private HttpMessages(boolean responses, Set<String> readHeaders, HttpMessageParser.RequestMethod requestMethod) {
        HttpMessageParser.Listener listener = new HttpMessageParser.Listener() {
            @Override
            public void head(String line, Map<String, String> fields, long firstByteAtMs) {
                startLine = line;
                headers = fields;
                headSeen = true;
            }

            @Override
            public void end(long atMs) {
                ended = true;
            }

            @Override
            public void unparsed(String reason) {
                gaveUp = true;
            }
        };
        this.parser = responses ? HttpMessageParser.responses(requestMethod, listener)
                : HttpMessageParser.requests(readHeaders, listener);
    }

    /** The requests of the caller, with the headers in {@code readHeaders} kept for the decision. */
    static HttpMessages requests(Set<String> readHeaders) {
        return new HttpMessages(false, readHeaders, () -> false);
    }

    /** The responses of the callee; {@code requestMethod} tells whether the next one answers a HEAD. */
    static HttpMessages responses(HttpMessageParser.RequestMethod requestMethod) {
        return new HttpMessages(true, Set.of(), requestMethod);
    }

    /** Returns null when done with the chunk, or the rest of it, held while a decision says {@link Verdict#HOLD}. */
    Chunk accept(Chunk chunk, Decision decision, Toxic.Sink next) {
        if (deciding && !decide(chunk, decision, next)) {
            return chunk;
        }
        byte[] data = chunk.data();
        int i = 0;
        while (i < data.length) {
            if (gaveUp) {
                next.accept(chunk.slice(i, data.length));
                return null;
            }
            headSeen = false;
            ended = false;
            int j = parser.acceptUntilHeadOrEnd(data, i, data.length - i, System.currentTimeMillis());
            if (inBody) {
                if (passing && j > i) {
                    next.accept(chunk.slice(i, j));
                }
                inBody = !ended;
            } else {
                heldHead.write(data, i, j - i);
                if (gaveUp) {
                    releaseHeld(chunk, next);
                } else if (headSeen) {
                    deciding = true;
                    endedWithHead = ended;
                    if (!decide(chunk, decision, next)) {
                        return chunk.slice(j, data.length); // may be empty: the decision is still asked for
                    }
                }
            }
            i = j;
        }
        return null;
    }

    private boolean decide(Chunk chunk, Decision decision, Toxic.Sink next) {
        Verdict verdict = decision.decide(startLine, headers);
        if (verdict == Verdict.HOLD) {
            return false;
        }
        deciding = false;
        passing = verdict == Verdict.PASS;
        if (passing) {
            releaseHeld(chunk, next);
        }
        heldHead.reset();
        inBody = !endedWithHead;
        return true;
    }

    /** The head held so far goes on (the toxic was removed, or the bytes are not HTTP). */
    void releaseHeld(Chunk chunk, Toxic.Sink next) {
        releaseHeld(chunk.arrivalNanos(), next);
    }

    /** The toxic was removed: a head it holds goes on, undecided, and later bytes are not looked at. */
    void release(Toxic.Sink next) {
        gaveUp = true;
        deciding = false;
        releaseHeld(System.nanoTime(), next);
    }

    private void releaseHeld(long arrivalNanos, Toxic.Sink next) {
        if (heldHead.size() > 0) {
            byte[] held = heldHead.toByteArray();
            heldHead.reset();
            next.accept(new Chunk(held, arrivalNanos));
        }
    }
}

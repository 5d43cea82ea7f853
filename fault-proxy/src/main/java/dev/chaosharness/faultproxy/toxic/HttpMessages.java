package dev.chaosharness.faultproxy.toxic;

import dev.chaosharness.faultproxy.observe.HttpMessageParser;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP/1.1 messages in one direction of a connection, for an HTTP toxic: the bytes of each
 * message's head are held until the head is complete, then the toxic decides whether the message
 * goes on; if not, its head and body are dropped. Bytes that are not HTTP pass untouched. Pipelined
 * messages are told apart like any others.
 */
final class HttpMessages {

    /** Decides, once a message's head is complete, whether its bytes go on. */
    interface Decision {
        boolean passes(String startLine, Map<String, String> headers) throws InterruptedException;
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

    void accept(Chunk chunk, Decision decision, Toxic.Sink next) throws InterruptedException {
        byte[] data = chunk.data();
        int i = 0;
        while (i < data.length) {
            if (gaveUp) {
                next.accept(chunk.slice(i, data.length));
                return;
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
                    passing = decision.passes(startLine, headers);
                    if (passing) {
                        releaseHeld(chunk, next);
                    }
                    heldHead.reset();
                    inBody = !ended;
                }
            }
            i = j;
        }
    }

    /** The head held so far goes on (the toxic was removed, or the bytes are not HTTP). */
    void releaseHeld(Chunk chunk, Toxic.Sink next) throws InterruptedException {
        if (heldHead.size() > 0) {
            byte[] held = heldHead.toByteArray();
            heldHead.reset();
            next.accept(new Chunk(held, chunk.arrivalNanos()));
        }
    }
}

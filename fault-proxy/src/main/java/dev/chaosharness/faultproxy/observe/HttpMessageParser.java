package dev.chaosharness.faultproxy.observe;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Follows the HTTP/1.1 messages of one direction of a connection as bytes arrive, in pieces of
 * any size, without changing or keeping them: the start line and headers of each message, where
 * its body ends (Content-Length, chunked, or the connection's end for a response that says
 * neither), and when its first byte came. Hand-written because the proxy must observe bytes it
 * forwards untouched, piece by piece, and the JDK's HTTP client and server only parse what they
 * own. What it cannot parse it reports once and then ignores the rest of the direction: no guess.
 */
final class HttpMessageParser {

    /** What the parser reports. */
    interface Listener {
        /** A message's head is complete; {@code firstByteAtMs} is when its first byte came. */
        void head(String startLine, Map<String, String> headers, long firstByteAtMs);

        /** The message whose head was reported last ended (its body too). */
        void end(long atMs);

        /** The bytes are not HTTP/1.1 this parser follows; nothing more is reported. */
        void unparsed(String reason);
    }

    /** For a response: whether the request it answers was a HEAD (its response has no body). */
    interface RequestMethod {
        boolean answersHead();
    }

    private enum State { START, HEAD, BODY_FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILER, BODY_UNTIL_CLOSE, GAVE_UP }

    static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_LINE_BYTES = 8 * 1024;

    private final boolean responses;
    private final RequestMethod requestMethod;
    private final Listener listener;
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder head = new StringBuilder();
    private State state = State.START;
    private long firstByteAtMs;
    private long remaining;

    private HttpMessageParser(boolean responses, RequestMethod requestMethod, Listener listener) {
        this.responses = responses;
        this.requestMethod = requestMethod;
        this.listener = listener;
    }

    static HttpMessageParser requests(Listener listener) {
        return new HttpMessageParser(false, () -> false, listener);
    }

    static HttpMessageParser responses(RequestMethod requestMethod, Listener listener) {
        return new HttpMessageParser(true, requestMethod, listener);
    }

    void accept(byte[] data, int offset, int length, long atMs) {
        int i = offset;
        int end = offset + length;
        while (i < end && state != State.GAVE_UP) {
            i = switch (state) {
                case START, HEAD -> head(data, i, end, atMs);
                case BODY_FIXED, CHUNK_DATA -> skip(i, end, atMs);
                case CHUNK_SIZE, CHUNK_DATA_END, TRAILER -> chunkLine(data, i, end, atMs);
                case BODY_UNTIL_CLOSE -> end;
                case GAVE_UP -> end;
            };
        }
    }

    /** The connection's direction ended: a body read until the close ends here; any other message is cut. */
    void closed(long atMs) {
        if (state == State.BODY_UNTIL_CLOSE) {
            state = State.START;
            listener.end(atMs);
        } else if (state != State.START && state != State.GAVE_UP) {
            giveUp("connection closed mid-message");
        }
    }

    boolean idle() {
        return state == State.START;
    }

    private int head(byte[] data, int i, int end, long atMs) {
        if (state == State.START) {
            if (data[i] == '\r' || data[i] == '\n') {
                return i + 1; // blank lines between messages are allowed (RFC 9112 2.2)
            }
            state = State.HEAD;
            firstByteAtMs = atMs;
            head.setLength(0);
        }
        while (i < end) {
            char c = (char) (data[i++] & 0xff);
            head.append(c);
            if (head.length() > MAX_HEAD_BYTES) {
                giveUp("head longer than " + MAX_HEAD_BYTES + " bytes");
                return end;
            }
            int n = head.length();
            if (c == '\n' && (n >= 2 && head.charAt(n - 2) == '\n' || n >= 3 && head.charAt(n - 2) == '\r' && head.charAt(n - 3) == '\n')) {
                headComplete(atMs);
                return i;
            }
        }
        return i;
    }

    private void headComplete(long atMs) {
        String[] lines = head.toString().split("\r?\n");
        String startLine = lines[0];
        if (!validStartLine(startLine)) {
            giveUp("not an HTTP/1.x " + (responses ? "status" : "request") + " line: " + abbreviated(startLine));
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int k = 1; k < lines.length; k++) {
            if (lines[k].isEmpty()) {
                continue;
            }
            int colon = lines[k].indexOf(':');
            if (colon <= 0) {
                giveUp("malformed header line: " + abbreviated(lines[k]));
                return;
            }
            headers.merge(lines[k].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[k].substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        boolean answersHead = responses && requestMethod.answersHead(); // asked before the head pairs it
        listener.head(startLine, headers, firstByteAtMs);
        framing(startLine, headers, answersHead, atMs);
    }

    private boolean validStartLine(String startLine) {
        String[] parts = startLine.split(" ", 3);
        if (responses) {
            return parts.length >= 2 && parts[0].startsWith("HTTP/1.") && parts[1].matches("\\d{3}");
        }
        return parts.length == 3 && parts[2].startsWith("HTTP/1.") && !parts[0].isEmpty();
    }

    /** RFC 9112 6.3: which of the ways a message body ends applies. */
    private void framing(String startLine, Map<String, String> headers, boolean answersHead, long atMs) {
        String transferEncoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        String contentLength = headers.get("content-length");
        if (responses) {
            int status = Integer.parseInt(startLine.split(" ", 3)[1]);
            if (status == 101) {
                giveUp("switched protocols (101)");
                return;
            }
            if (status / 100 == 1 || status == 204 || status == 304 || answersHead) {
                ended(atMs);
                return;
            }
        }
        if (transferEncoding.endsWith("chunked")) {
            state = State.CHUNK_SIZE;
            line.setLength(0);
        } else if (!transferEncoding.isEmpty() && !transferEncoding.equals("identity")) {
            if (responses) {
                state = State.BODY_UNTIL_CLOSE;
            } else {
                giveUp("request body with transfer-encoding " + transferEncoding + " and no chunked");
            }
        } else if (contentLength != null) {
            try {
                remaining = Long.parseLong(contentLength.split(",")[0].trim());
            } catch (NumberFormatException e) {
                giveUp("bad content-length " + abbreviated(contentLength));
                return;
            }
            if (remaining < 0) {
                giveUp("negative content-length");
            } else if (remaining == 0) {
                ended(atMs);
            } else {
                state = State.BODY_FIXED;
            }
        } else if (responses) {
            state = State.BODY_UNTIL_CLOSE;
        } else {
            ended(atMs);
        }
    }

    private int skip(int i, int end, long atMs) {
        long take = Math.min(remaining, end - i);
        remaining -= take;
        if (remaining == 0) {
            if (state == State.BODY_FIXED) {
                ended(atMs);
            } else {
                state = State.CHUNK_DATA_END;
                line.setLength(0);
            }
        }
        return i + (int) take;
    }

    /** The lines of a chunked body: sizes, the CRLF after each chunk's data, and the trailer. */
    private int chunkLine(byte[] data, int i, int end, long atMs) {
        while (i < end) {
            char c = (char) (data[i++] & 0xff);
            if (c != '\n') {
                line.append(c);
                if (line.length() > MAX_LINE_BYTES) {
                    giveUp("chunk line longer than " + MAX_LINE_BYTES + " bytes");
                    return end;
                }
                continue;
            }
            String text = line.length() > 0 && line.charAt(line.length() - 1) == '\r'
                    ? line.substring(0, line.length() - 1) : line.toString();
            line.setLength(0);
            chunkLineComplete(text, atMs);
            return i;
        }
        return i;
    }

    private void chunkLineComplete(String text, long atMs) {
        switch (state) {
            case CHUNK_SIZE -> {
                String size = text.split(";", 2)[0].trim();
                try {
                    remaining = Long.parseLong(size, 16);
                } catch (NumberFormatException e) {
                    giveUp("bad chunk size " + abbreviated(text));
                    return;
                }
                if (remaining < 0) {
                    giveUp("bad chunk size " + abbreviated(text));
                } else if (remaining == 0) {
                    state = State.TRAILER;
                } else {
                    state = State.CHUNK_DATA;
                }
            }
            case CHUNK_DATA_END -> {
                if (!text.isEmpty()) {
                    giveUp("chunk data longer than its size");
                } else {
                    state = State.CHUNK_SIZE;
                }
            }
            case TRAILER -> {
                if (text.isEmpty()) {
                    ended(atMs);
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void ended(long atMs) {
        state = State.START;
        listener.end(atMs);
    }

    private void giveUp(String reason) {
        state = State.GAVE_UP;
        listener.unparsed(reason);
    }

    private static String abbreviated(String text) {
        String printable = new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1)
                .replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }
}

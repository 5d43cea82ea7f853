package dev.chaosharness.faultproxy.observe;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;

/**
 * Follows the HTTP/1.1 messages of one direction of a connection as bytes arrive, in pieces of
 * any size, without changing or keeping them: the start line and chosen headers of each message, where
 * its body ends (Content-Length, chunked, or the connection's end for a response that says
 * neither), and when its first byte came. Hand-written because the proxy must observe bytes it
 * forwards untouched, piece by piece, and the JDK's HTTP client and server only parse what they
 * own. What it cannot parse it reports once and then ignores the rest of the direction: no guess.
 */
public final class HttpMessageParser {

    /** What the parser reports. */
    public interface Listener {
        /** A message's head is complete; {@code firstByteAtMs} is when its first byte came. */
        void head(String startLine, Map<String, String> headers, long firstByteAtMs);

        /** The message whose head was reported last ended (its body too). */
        void end(long atMs);

        /** The bytes are not HTTP/1.1 this parser follows; nothing more is reported. */
        void unparsed(String reason);
    }

    /** For a response: whether the request it answers was a HEAD (its response has no body). */
    public interface RequestMethod {
        boolean answersHead();
    }

    private enum State { START, HEAD, BODY_FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILER, BODY_UNTIL_CLOSE, GAVE_UP }

    static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_LINE_BYTES = 8 * 1024;

    private final boolean responses;
    private final List<String> keptHeaders;
    private final RequestMethod requestMethod;
    private final Listener listener;
    private final StringBuilder line = new StringBuilder();
    private int headBytes;
    private String startLine;
    private Map<String, String> headers;
    private State state = State.START;
    private long firstByteAtMs;
    private long remaining;
    /** A head was reported or a message ended since {@link #acceptUntilHeadOrEnd} began. */
    private boolean event;

    private HttpMessageParser(boolean responses, RequestMethod requestMethod, Set<String> readHeaders, Listener listener) {
        this.responses = responses;
        this.requestMethod = requestMethod;
        this.listener = listener;
        Set<String> kept = new LinkedHashSet<>(List.of("content-length", "transfer-encoding"));
        readHeaders.forEach(h -> kept.add(h.toLowerCase(Locale.ROOT)));
        this.keptHeaders = List.copyOf(kept);
    }

    /** {@code readHeaders}: the headers the listener reads, besides those that frame the body. */
    public static HttpMessageParser requests(Set<String> readHeaders, Listener listener) {
        return new HttpMessageParser(false, () -> false, readHeaders, listener);
    }

    public static HttpMessageParser responses(RequestMethod requestMethod, Listener listener) {
        return new HttpMessageParser(true, requestMethod, Set.of(), listener);
    }

    public void accept(byte[] data, int offset, int length, long atMs) {
        int i = offset;
        int end = offset + length;
        while (i < end && state != State.GAVE_UP) {
            i = step(data, i, end, atMs);
        }
    }

    /**
     * Like {@link #accept}, but stops once a message's head was reported (and, with no body, its
     * end): returns the index after the last byte taken, so a caller can tell which bytes are whose.
     */
    public int acceptUntilHeadOrEnd(byte[] data, int offset, int length, long atMs) {
        int i = offset;
        int end = offset + length;
        event = false;
        while (i < end && state != State.GAVE_UP && !event) {
            i = step(data, i, end, atMs);
        }
        return state == State.GAVE_UP ? end : i;
    }

    private int step(byte[] data, int i, int end, long atMs) {
        return switch (state) {
            case START, HEAD -> head(data, i, end, atMs);
            case BODY_FIXED, CHUNK_DATA -> skip(i, end, atMs);
            case CHUNK_SIZE, CHUNK_DATA_END, TRAILER -> chunkLine(data, i, end, atMs);
            case BODY_UNTIL_CLOSE -> end;
            case GAVE_UP -> end;
        };
    }

    /** The connection's direction ended: a body read until the close ends here; any other message is cut. */
    public void closed(long atMs) {
        if (state == State.BODY_UNTIL_CLOSE) {
            state = State.START;
            listener.end(atMs);
        } else if (state != State.START && state != State.GAVE_UP) {
            giveUp("connection closed mid-message");
        }
    }

    public boolean idle() {
        return state == State.START;
    }

    /** Reads the start line and headers a line at a time; an empty line completes the head. */
    private int head(byte[] data, int i, int end, long atMs) {
        if (state == State.START) {
            if (data[i] == '\r' || data[i] == '\n') {
                return i + 1; // blank lines between messages are allowed (RFC 9112 2.2)
            }
            state = State.HEAD;
            firstByteAtMs = atMs;
            headBytes = 0;
            startLine = null;
            headers = new LinkedHashMap<>();
            line.setLength(0);
        }
        while (i < end) {
            byte b = data[i++];
            if (++headBytes > MAX_HEAD_BYTES) {
                giveUp("head longer than " + MAX_HEAD_BYTES + " bytes");
                return end;
            }
            if (b != '\n') {
                line.append((char) (b & 0xff));
                continue;
            }
            int length = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
            if (length == 0) {
                headComplete(atMs);
                return i;
            }
            if (!headLine(line.substring(0, length))) {
                return end;
            }
            line.setLength(0);
        }
        return i;
    }

    /** The start line, or one header; false when it cannot be parsed (and the parser gave up). */
    private boolean headLine(String text) {
        if (startLine == null) {
            if (!validStartLine(text)) {
                giveUp("not an HTTP/1.x " + (responses ? "status" : "request") + " line: " + abbreviated(text));
                return false;
            }
            startLine = text;
            return true;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            giveUp("malformed header line: " + abbreviated(text));
            return false;
        }
        // only the headers someone reads are kept: most of a head is skipped without a copy
        for (String wanted : keptHeaders) {
            if (colon == wanted.length() && text.regionMatches(true, 0, wanted, 0, colon)) {
                headers.merge(wanted, text.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
                break;
            }
        }
        return true;
    }

    private void headComplete(long atMs) {
        line.setLength(0);
        if (startLine == null) {
            return; // only blank lines so far: still between messages
        }
        boolean answersHead = responses && requestMethod.answersHead(); // asked before the head pairs it
        event = true;
        listener.head(startLine, headers, firstByteAtMs);
        framing(startLine, headers, answersHead, atMs);
    }

    private boolean validStartLine(String text) {
        int first = text.indexOf(' ');
        if (first <= 0) {
            return false;
        }
        if (responses) {
            return text.startsWith("HTTP/1.") && text.length() >= first + 4 && Character.isDigit(text.charAt(first + 1))
                    && Character.isDigit(text.charAt(first + 2)) && Character.isDigit(text.charAt(first + 3))
                    && (text.length() == first + 4 || text.charAt(first + 4) == ' ');
        }
        int second = text.indexOf(' ', first + 1);
        return second > first + 1 && text.startsWith("HTTP/1.", second + 1);
    }

    /** RFC 9112 6.3: which of the ways a message body ends applies. */
    private void framing(String startLine, Map<String, String> headers, boolean answersHead, long atMs) {
        String transferEncoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        String contentLength = headers.get("content-length");
        if (responses) {
            int space = startLine.indexOf(' ');
            int status = Integer.parseInt(startLine.substring(space + 1, space + 4));
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
        event = true;
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

package dev.chaosharness.faultproxy.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Takes a connection's bytes as they arrive and gives back whole requests, one at a time: what the
 * selector thread of {@link HttpServer} needs so that half a request costs no thread. A request it
 * cannot take is {@link Refused} with the status to answer.
 */
final class RequestParser {

    sealed interface Result permits Incomplete, Parsed, Refused {
    }

    /** Not all of the next request has arrived yet. */
    record Incomplete() implements Result {
    }

    record Parsed(HttpRequest request, boolean keepAlive) implements Result {
    }

    /** The request cannot be taken: answer this status and close. */
    record Refused(int status) implements Result {
    }

    private static final Incomplete INCOMPLETE = new Incomplete();

    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private byte[] buffer = new byte[4096];
    private int start;
    private int end;
    /** Where the search for the end of the head goes on (nothing before it ends the head). */
    private int headScannedTo;
    private boolean endOfInput;

    RequestParser(int maxHeaderBytes, int maxBodyBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    void append(byte[] bytes, int offset, int length) {
        if (end + length > buffer.length) {
            int unread = end - start;
            byte[] grown = unread + length > buffer.length / 2 ? new byte[Math.max(buffer.length * 2, unread + length)] : buffer;
            System.arraycopy(buffer, start, grown, 0, unread);
            headScannedTo -= start;
            buffer = grown;
            start = 0;
            end = unread;
        }
        System.arraycopy(bytes, offset, buffer, end, length);
        end += length;
    }

    void endOfInput() {
        endOfInput = true;
    }

    /** The next whole request, consumed; or why not. */
    Result next() {
        skipEmptyLines();
        int bodyStart = bodyStart();
        if (bodyStart < 0) {
            return end - start > maxHeaderBytes ? new Refused(431) : INCOMPLETE;
        }
        if (bodyStart - start > maxHeaderBytes) {
            return new Refused(431);
        }
        String[] lines = new String(buffer, start, bodyStart - start, StandardCharsets.ISO_8859_1).trim().split("\r?\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            return new Refused(400);
        }
        Map<String, String> headers = headers(lines);
        return "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))
                ? chunked(requestLine, headers, bodyStart) : sized(requestLine, headers, bodyStart);
    }

    private Result sized(String[] requestLine, Map<String, String> headers, int bodyStart) {
        String length = headers.get("content-length");
        long size;
        try {
            size = length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return new Refused(400);
        }
        if (size < 0) {
            return new Refused(400);
        }
        if (size > maxBodyBytes) {
            return new Refused(413);
        }
        if (end - bodyStart < size) {
            return INCOMPLETE;
        }
        byte[] body = Arrays.copyOfRange(buffer, bodyStart, bodyStart + (int) size);
        return consumed(requestLine, headers, body, bodyStart + (int) size);
    }

    /** Chunk sizes are walked without copying until the last chunk is there, so re-tries cost little. */
    private Result chunked(String[] requestLine, Map<String, String> headers, int bodyStart) {
        int at = bodyStart;
        long total = 0;
        ByteArrayOutputStream body = null;
        for (int pass = 0; pass < 2; pass++) {
            at = bodyStart;
            while (true) {
                int lineEnd = indexOf((byte) '\n', at);
                if (lineEnd < 0) {
                    return INCOMPLETE;
                }
                int size;
                try {
                    size = Integer.parseInt(line(at, lineEnd).split(";")[0].trim(), 16);
                } catch (NumberFormatException e) {
                    return new Refused(400);
                }
                at = lineEnd + 1;
                if (size == 0) {
                    int trailersEnd = trailersEnd(at);
                    if (trailersEnd < 0) {
                        return INCOMPLETE;
                    }
                    at = trailersEnd;
                    break;
                }
                total += size;
                if (size < 0 || total > maxBodyBytes) {
                    return new Refused(413);
                }
                if (end - at < size + 1) {
                    return INCOMPLETE;
                }
                if (body != null) {
                    body.write(buffer, at, size);
                }
                at = afterLineEnd(at + size);
                if (at < 0) {
                    return INCOMPLETE;
                }
            }
            if (body != null) {
                break;
            }
            body = new ByteArrayOutputStream((int) total);
        }
        return consumed(requestLine, headers, body.toByteArray(), at);
    }

    private Result consumed(String[] requestLine, Map<String, String> headers, byte[] body, int next) {
        start = next;
        headScannedTo = next;
        boolean keepAlive = requestLine[2].equals("HTTP/1.1")
                ? !"close".equalsIgnoreCase(headers.get("connection"))
                : "keep-alive".equalsIgnoreCase(headers.get("connection"));
        return new Parsed(new HttpRequest(requestLine[0], requestLine[1], headers, body), keepAlive && !endOfInput);
    }

    private static Map<String, String> headers(String[] lines) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private void skipEmptyLines() {
        while (start < end && (buffer[start] == '\n' || buffer[start] == '\r' && start + 1 < end && buffer[start + 1] == '\n')) {
            start += buffer[start] == '\r' ? 2 : 1;
        }
        headScannedTo = Math.max(headScannedTo, start);
    }

    /** Where the body starts (after the blank line that ends the head), or -1 when the head has not all arrived. */
    private int bodyStart() {
        for (int i = Math.max(headScannedTo, start); i < end; i++) {
            if (buffer[i] != '\n') {
                continue;
            }
            if (i + 1 < end && buffer[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < end && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') {
                return i + 3;
            }
        }
        headScannedTo = Math.max(start, end - 3);
        return -1;
    }

    /** The index after the CRLF or LF that starts at {@code at}, or -1 when it has not arrived. */
    private int afterLineEnd(int at) {
        if (at < end && buffer[at] == '\r') {
            at++;
        }
        if (at >= end) {
            return -1;
        }
        return buffer[at] == '\n' ? at + 1 : at;
    }

    private int trailersEnd(int at) {
        while (true) {
            int lineEnd = indexOf((byte) '\n', at);
            if (lineEnd < 0) {
                return -1;
            }
            boolean blank = lineEnd == at || lineEnd == at + 1 && buffer[at] == '\r';
            at = lineEnd + 1;
            if (blank) {
                return at;
            }
        }
    }

    private int indexOf(byte b, int from) {
        for (int i = from; i < end; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private String line(int from, int lineEnd) {
        int stop = lineEnd > from && buffer[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        return new String(buffer, from, stop - from, StandardCharsets.ISO_8859_1);
    }
}

package dev.chaosharness.faultproxy.observe;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Observes the HTTP/1.1 exchanges of one proxied connection: requests in the bytes that arrive
 * from the caller, responses in the bytes that leave toward it (after the toxics, so their times
 * are what the caller saw), paired in order (keep-alive and pipelined requests alike). Exchanges
 * go to the sink as their response starts, or with status 0 for requests still unanswered when the
 * connection closes; what cannot be parsed is counted by the sink's {@code unparsed}, once per
 * direction. Calls for one direction come from one thread; the two directions may run at once.
 */
public final class HttpExchangeObserver {

    /** Where observations go. */
    public interface Sink {
        void exchange(HttpExchange exchange);

        void unparsed(String link, String reason);
    }

    private record Request(String method, String target, String[] budget, String[] correlation, long atMs) {
    }

    private final String link;
    private final ObservedHeaders observed;
    private final Sink sink;
    private final ArrayDeque<Request> unanswered = new ArrayDeque<>();
    private final HttpMessageParser requests;
    private final HttpMessageParser responses;
    private boolean closed;

    public HttpExchangeObserver(String link, ObservedHeaders observed, Sink sink) {
        this.link = link;
        this.observed = observed;
        this.sink = sink;
        Set<String> read = new HashSet<>(observed.budgetHeaders());
        read.addAll(observed.correlationHeaders());
        this.requests = HttpMessageParser.requests(read, listener(this::request));
        this.responses = HttpMessageParser.responses(this::oldestIsHead, listener(this::response));
    }

    /** Bytes from the caller, as they arrived at the proxy. */
    public void requestBytes(byte[] data, int offset, int length, long atMs) {
        requests.accept(data, offset, length, atMs);
    }

    /** Bytes to the caller, as they left the proxy. */
    public void responseBytes(byte[] data, int offset, int length, long atMs) {
        responses.accept(data, offset, length, atMs);
    }

    /** The connection ended: requests never answered are reported with status 0. */
    public void closed(long atMs) {
        Request[] pending;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending = unanswered.toArray(Request[]::new);
            unanswered.clear();
        }
        requests.closed(atMs);
        responses.closed(atMs);
        for (Request request : pending) {
            sink.exchange(exchange(request, 0, 0));
        }
    }

    private HttpMessageParser.Listener listener(HeadHandler handler) {
        return new HttpMessageParser.Listener() {
            @Override
            public void head(String startLine, Map<String, String> headers, long firstByteAtMs) {
                handler.head(startLine, headers, firstByteAtMs);
            }

            @Override
            public void end(long atMs) {
                // an exchange is reported when its response starts; a message's end adds nothing yet
            }

            @Override
            public void unparsed(String reason) {
                sink.unparsed(link, reason);
            }
        };
    }

    private interface HeadHandler {
        void head(String startLine, Map<String, String> headers, long firstByteAtMs);
    }

    private void request(String startLine, Map<String, String> headers, long atMs) {
        int first = startLine.indexOf(' ');
        int second = startLine.indexOf(' ', first + 1);
        Request request = new Request(startLine.substring(0, first), startLine.substring(first + 1, second),
                observed.budget(headers), observed.correlation(headers), atMs);
        synchronized (this) {
            unanswered.add(request);
        }
    }

    private void response(String statusLine, Map<String, String> headers, long atMs) {
        int space = statusLine.indexOf(' ');
        int status = Integer.parseInt(statusLine.substring(space + 1, space + 4));
        if (status / 100 == 1) {
            return; // an interim response (100 Continue): the final one is still to come
        }
        Request request;
        synchronized (this) {
            request = unanswered.poll();
        }
        if (request == null) {
            sink.unparsed(link, "a response with no request before it");
            return;
        }
        sink.exchange(exchange(request, atMs, status));
    }

    /** The oldest request not yet answered: the one the next response answers. */
    public synchronized java.util.Optional<RequestLine> oldestUnanswered() {
        Request oldest = unanswered.peek();
        return oldest == null ? java.util.Optional.empty() : java.util.Optional.of(new RequestLine(oldest.method(), oldest.target()));
    }

    private synchronized boolean oldestIsHead() {
        Request oldest = unanswered.peek();
        return oldest != null && oldest.method().equals("HEAD");
    }

    private HttpExchange exchange(Request request, long responseAtMs, int status) {
        String[] budget = request.budget();
        String[] correlation = request.correlation();
        return new HttpExchange(link, request.method(), request.target(), budget == null ? null : budget[0],
                budget == null ? null : budget[1], correlation == null ? null : correlation[0],
                correlation == null ? null : correlation[1], request.atMs(), responseAtMs, status);
    }
}

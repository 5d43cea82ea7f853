package dev.chaosharness.faultproxy.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every framing case, fed whole, in two pieces split at every position, and byte by byte: the
 * observations must not depend on how the bytes were cut.
 */
class HttpExchangeObserverTest {

    private static final long REQUEST_AT = 1_000;
    private static final long RESPONSE_AT = 5_000;

    /** Records what the observer reports. */
    private static final class Recorded implements HttpExchangeObserver.Sink {
        final List<HttpExchange> exchanges = new ArrayList<>();
        final List<String> unparsed = new ArrayList<>();

        @Override
        public synchronized void exchange(HttpExchange exchange) {
            exchanges.add(exchange);
        }

        @Override
        public synchronized void unparsed(String link, String reason) {
            unparsed.add(reason);
        }
    }

    @Test
    void keepAliveRequestsBackToBackWithContentLengthAndChunkedBodies() {
        String requests = "POST /payments/authorize HTTP/1.1\r\nHost: p\r\nX-Request-Timeout-Ms: 1500\r\n"
                + "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nContent-Length: 11\r\n\r\n{\"a\":\"b\"}\r\n"
                + "POST /payments/authorize HTTP/1.1\r\nHost: p\r\nx-request-timeout-ms: 900\r\nX-Request-Id: r-2\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n4;ext=1\r\nabcd\r\n0\r\nX-Trailer: t\r\n\r\n";
        String responses = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                + "HTTP/1.1 504 Gateway Timeout\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nlate!\r\n0\r\n\r\n";

        everyCut(requests, responses, recorded -> {
            assertThat(recorded.unparsed).isEmpty();
            assertThat(recorded.exchanges).hasSize(2);
            HttpExchange first = recorded.exchanges.get(0);
            assertThat(first.method()).isEqualTo("POST");
            assertThat(first.target()).isEqualTo("/payments/authorize");
            assertThat(first.budgetMs()).isEqualTo(1500);
            assertThat(first.correlationHeader()).isEqualTo("traceparent");
            assertThat(first.correlationId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.requestAtMs()).isEqualTo(REQUEST_AT);
            assertThat(first.responseAtMs()).isGreaterThanOrEqualTo(RESPONSE_AT);
            HttpExchange second = recorded.exchanges.get(1);
            assertThat(second.budgetMs()).isEqualTo(900);
            assertThat(second.correlationId()).isEqualTo("r-2");
            assertThat(second.status()).isEqualTo(504);
        });
    }

    @Test
    void aHeadResponseHasNoBodyThoughItSaysItsLength() {
        String requests = "HEAD /x HTTP/1.1\r\nHost: p\r\n\r\nGET /y HTTP/1.1\r\nHost: p\r\n\r\n";
        String responses = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno!";

        everyCut(requests, responses, recorded -> {
            assertThat(recorded.unparsed).isEmpty();
            assertThat(recorded.exchanges).extracting(HttpExchange::target).containsExactly("/x", "/y");
            assertThat(recorded.exchanges).extracting(HttpExchange::status).containsExactly(200, 404);
        });
    }

    @Test
    void interimAndBodilessResponses() {
        String requests = "PUT /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi"
                + "DELETE /b HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\n\r\n";
        String responses = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n";

        everyCut(requests, responses, recorded -> {
            assertThat(recorded.unparsed).isEmpty();
            assertThat(recorded.exchanges).extracting(HttpExchange::status).containsExactly(201, 204, 304);
        });
    }

    @Test
    void aResponseWithoutLengthEndsWithTheConnection() {
        String requests = "GET /stream HTTP/1.1\r\nHost: p\r\n\r\n";
        String responses = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbody until the end";

        everyCut(requests, responses, recorded -> {
            assertThat(recorded.unparsed).isEmpty();
            assertThat(recorded.exchanges).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(200));
        });
    }

    @Test
    void aConnectionClosedMidRequestReportsTheRequestUnansweredAndTheCut() {
        String requests = "POST /a HTTP/1.1\r\nX-Request-Timeout-Ms: 700\r\nContent-Length: 100\r\n\r\nonly part";

        everyCut(requests, "", recorded -> {
            assertThat(recorded.exchanges).singleElement().satisfies(e -> {
                assertThat(e.status()).isZero();
                assertThat(e.answered()).isFalse();
                assertThat(e.budgetMs()).isEqualTo(700);
            });
            assertThat(recorded.unparsed).containsExactly("connection closed mid-message");
        });
    }

    @Test
    void aConnectionClosedMidResponseIsCountedNotGuessed() {
        String requests = "GET /a HTTP/1.1\r\n\r\n";
        String responses = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc";

        everyCut(requests, responses, recorded -> {
            assertThat(recorded.exchanges).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(200));
            assertThat(recorded.unparsed).containsExactly("connection closed mid-message");
        });
    }

    @Test
    void bytesThatAreNotHttpAreCountedOnceAndIgnored() {
        String requests = "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003 not http at all\r\n\r\nGET / HTTP/1.1\r\n\r\n";

        everyCut(requests, "", recorded -> {
            assertThat(recorded.exchanges).isEmpty();
            assertThat(recorded.unparsed).singleElement().satisfies(r -> assertThat(r).startsWith("not an HTTP/1.x request line"));
        });
    }

    @Test
    void configuredHeadersAreTriedInOrder() {
        ObservedHeaders envoy = new ObservedHeaders(List.of("x-envoy-expected-rq-timeout-ms", "X-Request-Timeout-Ms"),
                List.of("X-Request-Id", "traceparent"));
        Recorded recorded = new Recorded();
        HttpExchangeObserver observer = new HttpExchangeObserver("a->b-1", envoy, recorded);
        byte[] request = bytes("GET / HTTP/1.1\r\nX-Request-Timeout-Ms: 10\r\nX-Envoy-Expected-Rq-Timeout-Ms: 250\r\n"
                + "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nX-Request-Id: abc\r\n\r\n");
        byte[] response = bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

        observer.requestBytes(request, 0, request.length, REQUEST_AT);
        observer.responseBytes(response, 0, response.length, RESPONSE_AT);

        assertThat(recorded.exchanges).singleElement().satisfies(e -> {
            assertThat(e.budgetHeader()).isEqualTo("x-envoy-expected-rq-timeout-ms");
            assertThat(e.budgetMs()).isEqualTo(250);
            assertThat(e.correlationId()).isEqualTo("abc");
            assertThat(e.link()).isEqualTo("a->b-1");
        });
    }

    /** Feeds whole, cut once at every position of each side, and byte by byte; checks each time. */
    private static void everyCut(String requests, String responses, Consumer<Recorded> check) {
        byte[] req = bytes(requests);
        byte[] res = bytes(responses);
        check.accept(feed(req, new int[0], res, new int[0]));
        for (int cut = 1; cut < req.length; cut++) {
            check.accept(feed(req, new int[] {cut}, res, new int[0]));
        }
        for (int cut = 1; cut < res.length; cut++) {
            check.accept(feed(req, new int[0], res, new int[] {cut}));
        }
        check.accept(feed(req, everyByte(req.length), res, everyByte(res.length)));
    }

    private static Recorded feed(byte[] req, int[] reqCuts, byte[] res, int[] resCuts) {
        Recorded recorded = new Recorded();
        HttpExchangeObserver observer = new HttpExchangeObserver("order->payment-1", ObservedHeaders.DEFAULT, recorded);
        pieces(req, reqCuts, (from, to, k) -> observer.requestBytes(req, from, to - from, REQUEST_AT + k));
        pieces(res, resCuts, (from, to, k) -> observer.responseBytes(res, from, to - from, RESPONSE_AT + k));
        observer.closed(RESPONSE_AT + 10_000);
        return recorded;
    }

    private interface Piece {
        void feed(int from, int to, int index);
    }

    private static void pieces(byte[] data, int[] cuts, Piece piece) {
        int from = 0;
        int index = 0;
        for (int cut : cuts) {
            piece.feed(from, cut, index++);
            from = cut;
        }
        if (from < data.length) {
            piece.feed(from, data.length, index);
        }
    }

    private static int[] everyByte(int length) {
        int[] cuts = new int[Math.max(0, length - 1)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return cuts;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}

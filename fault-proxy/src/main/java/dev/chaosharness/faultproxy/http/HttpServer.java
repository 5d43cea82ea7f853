package dev.chaosharness.faultproxy.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A small HTTP/1.1 server for the control API, on one selector thread: a client that sends half a
 * request holds a buffer, never a thread (200 such clients left the thread-per-connection server at
 * 223 threads and its {@code /version} at about 60 ms). A complete request is answered on that
 * thread, in order per connection: the handlers do little and never wait on a client, and a hand-off
 * to a pool and back made 200 proxy creations slower (about 200 ms against 130-170 ms inline).
 *
 * <p>Written by hand because the JDK's server refuses request targets that are not valid URIs (a
 * proxy named {@code order->payment} arrives as {@code /proxies/order->payment}, which Toxiproxy's
 * clients send unencoded and the Go server accepts); this one takes the target as sent.
 * Keep-alive, pipelining, Content-Length and chunked bodies. A request it cannot take is answered,
 * never cut off: 431 for a head over 64 KiB, 413 for a body over 16 MiB, then the rest of what the
 * client sends is read and dropped for a while before the close, so the client reads the answer
 * instead of a reset.
 */
public final class HttpServer implements AutoCloseable {

    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    /** How long a refused request's remaining bytes are read and dropped before the close. */
    private static final long LINGER_MS = 5_000;
    /** IMF-fixdate (RFC 9110 5.6.7): a two-digit day, GMT; RFC_1123_DATE_TIME writes a one-digit day. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            java.util.Locale.US);

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Function<HttpRequest, HttpResponse> handler;
    private final Thread loop;
    private volatile boolean closing;
    private static final long CLOSE_WAIT_MS = 2_000;

    private HttpServer(ServerSocketChannel server, Selector selector, Function<HttpRequest, HttpResponse> handler) {
        this.server = server;
        this.selector = selector;
        this.handler = handler;
        this.loop = new Thread(this::run, "fault-proxy-api-io");
        this.loop.setDaemon(true);
    }

    public static HttpServer start(InetSocketAddress address, Function<HttpRequest, HttpResponse> handler) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.bind(address, 256);
        channel.configureBlocking(false);
        Selector selector = Selector.open();
        channel.register(selector, SelectionKey.OP_ACCEPT);
        HttpServer http = new HttpServer(channel, selector, handler);
        http.loop.start();
        return http;
    }

    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run() {
        try {
            while (!closing) {
                long now = System.currentTimeMillis();
                selector.select(nextDeadline(now) - now);
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
                closeExpiredLingers(System.currentTimeMillis());
            }
        } catch (IOException | ClosedSelectorException e) {
            // the selector broke: what is left is released below
        } finally {
            release();
        }
    }

    private void handle(SelectionKey key) {
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isAcceptable()) {
                accept();
                return;
            }
            ApiConnection connection = (ApiConnection) key.attachment();
            if (key.isWritable()) {
                connection.flush();
            }
            if (key.isValid() && key.isReadable()) {
                connection.readAvailable();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or sent something unreadable: nothing more to answer
            ((ApiConnection) key.attachment()).close();
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // an answer leaves at once
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            key.attach(new ApiConnection(channel, key));
        }
    }

    private long nextDeadline(long now) {
        long next = now + 60_000;
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof ApiConnection connection && connection.lingerUntilMs > 0) {
                next = Math.min(next, connection.lingerUntilMs);
            }
        }
        return Math.max(next, now + 1);
    }

    private void closeExpiredLingers(long now) {
        for (SelectionKey key : List.copyOf(selector.keys())) {
            if (key.attachment() instanceof ApiConnection connection && connection.lingerUntilMs > 0
                    && now >= connection.lingerUntilMs) {
                connection.close();
            }
        }
    }

    /** One client's connection: its unread bytes, the request being parsed, the answer being written. */
    private final class ApiConnection {
        private final SocketChannel channel;
        private final SelectionKey key;
        private final ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);
        private final RequestParser parser = new RequestParser(MAX_HEADER_BYTES, MAX_BODY_BYTES);
        private final List<ByteBuffer> unwritten = new ArrayList<>();
        /** A request is with a handler: nothing more is parsed until its answer is queued. */
        private boolean handling;
        private boolean closeAfterWrite;
        /** After a refused request: read and drop until then, then close (0: not lingering). */
        private long lingerUntilMs;

        ApiConnection(SocketChannel channel, SelectionKey key) {
            this.channel = channel;
            this.key = key;
        }

        void readAvailable() throws IOException {
            int read;
            while ((read = channel.read(readBuffer.clear())) > 0) {
                if (lingerUntilMs == 0) {
                    parser.append(readBuffer.array(), 0, read);
                }
            }
            if (read < 0 && lingerUntilMs == 0) {
                parser.endOfInput(); // a request sent with a half-close is still answered, then closed
                nextRequest();
            }
            if (read < 0) {
                if (lingerUntilMs > 0 || !handling && unwritten.isEmpty()) {
                    close();
                } else {
                    closeAfterWrite = true;
                }
                return;
            }
            nextRequest();
        }

        private void nextRequest() {
            if (handling || lingerUntilMs > 0 || closeAfterWrite && !unwritten.isEmpty()) {
                return;
            }
            RequestParser.Result result = parser.next();
            if (result instanceof RequestParser.Refused refused) {
                closeAfterWrite = true;
                queue(response(HttpResponse.text(refused.status(), refused.status() + " " + reason(refused.status())), false));
                return;
            }
            if (result instanceof RequestParser.Parsed parsed) {
                handling = true;
                HttpRequest request = parsed.request();
                boolean keepAlive = parsed.keepAlive() && !closeAfterWrite;
                HttpResponse response;
                try {
                    response = handler.apply(request);
                } catch (RuntimeException e) {
                    response = HttpResponse.text(500, "500 Internal Server Error\n");
                }
                answered(response(response, keepAlive), keepAlive);
            }
        }

        private void answered(ByteBuffer bytes, boolean keepAlive) {
            handling = false;
            if (!keepAlive) {
                closeAfterWrite = true;
            }
            queue(bytes);
            if (key.isValid() && !closeAfterWrite) {
                nextRequest(); // a pipelined request may already be buffered
            }
        }

        private void queue(ByteBuffer bytes) {
            unwritten.add(bytes);
            try {
                flush();
            } catch (IOException e) {
                close();
            }
        }

        void flush() throws IOException {
            while (!unwritten.isEmpty()) {
                ByteBuffer head = unwritten.get(0);
                channel.write(head);
                if (head.hasRemaining()) {
                    key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                    return;
                }
                unwritten.remove(0);
            }
            if (key.isValid()) {
                key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
            }
            if (closeAfterWrite && !handling) {
                linger();
            }
        }

        /** The answer is out: stop sending, drop what the client still sends for a while, then close. */
        private void linger() throws IOException {
            if (lingerUntilMs > 0) {
                return;
            }
            channel.shutdownOutput();
            lingerUntilMs = System.currentTimeMillis() + LINGER_MS;
        }

        void close() {
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static ByteBuffer response(HttpResponse response, boolean keepAlive) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ')
                .append(reason(response.status())).append("\r\n");
        head.append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        response.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (response.contentType() != null) {
            head.append("Content-Type: ").append(response.contentType()).append("\r\n");
        }
        if (response.status() != 204 && response.status() >= 200) {
            head.append("Content-Length: ").append(response.body().length).append("\r\n");
        }
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        // head and body in one write: two small writes on a kept-alive connection meet Nagle's
        // algorithm and the client's delayed ACK, and each call would wait about 40 ms
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = response.status() != 204 ? response.body() : new byte[0];
        byte[] message = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, message, headBytes.length, body.length);
        return ByteBuffer.wrap(message);
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            default -> "Status " + status;
        };
    }

    @Override
    /**
     * Stops accepting and closes every connection, on the selector's own thread: closed from another
     * thread while that one iterated the selected keys, it died of a ConcurrentModificationException.
     * Returns once the listening port is closed.
     */
    public void close() {
        closing = true;
        selector.wakeup();
        try {
            loop.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (loop.isAlive()) {
            release(); // the loop is stuck in a handler: release from here
        }
    }

    private synchronized void release() {
        try {
            server.close();
            if (selector.isOpen()) {
                for (SelectionKey key : List.copyOf(selector.keys())) {
                    if (key.attachment() instanceof ApiConnection connection) {
                        connection.close();
                    }
                }
                selector.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.chaosharness.faultproxy.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small HTTP/1.1 server for the control API. The JDK's server refuses request targets that are
 * not valid URIs (a proxy named {@code order->payment} arrives as {@code /proxies/order->payment},
 * which Toxiproxy's clients send unencoded and the Go server accepts); this one takes the target
 * as sent. Keep-alive, Content-Length and chunked bodies; one thread per connection.
 */
public final class HttpServer implements AutoCloseable {

    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    /** IMF-fixdate (RFC 9110 5.6.7): a two-digit day, GMT; RFC_1123_DATE_TIME writes a one-digit day. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            java.util.Locale.US);

    private final ServerSocket server;
    private final Function<HttpRequest, HttpResponse> handler;
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private HttpServer(ServerSocket server, Function<HttpRequest, HttpResponse> handler) {
        this.server = server;
        this.handler = handler;
        AtomicInteger threads = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fault-proxy-api-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public static HttpServer start(InetSocketAddress address, Function<HttpRequest, HttpResponse> handler) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(address, 256);
        HttpServer http = new HttpServer(socket, handler);
        Thread accept = new Thread(http::acceptLoop, "fault-proxy-api-accept");
        accept.setDaemon(true);
        accept.start();
        return http;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = socket.getOutputStream()) {
            socket.setTcpNoDelay(true); // an answer leaves at once, as a request-response API wants
            while (true) {
                String requestLine = readLine(in);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue;
                }
                String[] parts = requestLine.split(" ");
                if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                    write(out, HttpResponse.text(400, "400 Bad Request"), false);
                    return;
                }
                Map<String, String> headers;
                byte[] body;
                try {
                    headers = readHeaders(in);
                    body = readBody(in, headers);
                } catch (BadRequest e) {
                    // as Go's server (the real Toxiproxy's) answers a request it cannot read, then closes
                    write(out, HttpResponse.text(e.status, e.status + " " + reason(e.status)), false);
                    return;
                }
                boolean keepAlive = parts[2].equals("HTTP/1.1")
                        ? !"close".equalsIgnoreCase(headers.get("connection"))
                        : "keep-alive".equalsIgnoreCase(headers.get("connection"));
                HttpResponse response = handler.apply(new HttpRequest(parts[0], parts[1], headers, body));
                write(out, response, keepAlive);
                if (!keepAlive) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or sent something unreadable: nothing more to answer
        } finally {
            open.remove(socket);
        }
    }

    private static Map<String, String> readHeaders(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new BadRequest(431);
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    throw new IOException("chunked body ended early");
                }
                int size;
                try {
                    size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                } catch (NumberFormatException e) {
                    throw new BadRequest(400);
                }
                if (size == 0) {
                    while (true) {
                        String trailer = readLine(in);
                        if (trailer == null || trailer.isEmpty()) {
                            return body.toByteArray();
                        }
                    }
                }
                if (body.size() + size > MAX_BODY_BYTES) {
                    throw new BadRequest(400);
                }
                body.write(in.readNBytes(size));
                readLine(in);
            }
        }
        String length = headers.get("content-length");
        if (length == null) {
            return new byte[0];
        }
        long size;
        try {
            size = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(400);
        }
        if (size < 0 || size > MAX_BODY_BYTES) {
            throw new BadRequest(400);
        }
        byte[] body = in.readNBytes((int) size);
        if (body.length != size) {
            throw new IOException("body ended early");
        }
        return body;
    }

    /** A CRLF- (or LF-) terminated line in ISO-8859-1, or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() > MAX_HEADER_BYTES) {
                throw new IOException("line too long");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void write(OutputStream out, HttpResponse response, boolean keepAlive) throws IOException {
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
        out.write(message);
        out.flush();
    }

    /** A request that cannot be read as sent: answered with this status and closed. */
    private static final class BadRequest extends IOException {
        private final int status;

        BadRequest(int status) {
            super("bad request: " + status);
            this.status = status;
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            default -> "Status " + status;
        };
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (Socket socket : open) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            connections.shutdownNow();
        }
    }
}

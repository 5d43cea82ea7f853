package dev.chaosharness.faultproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A loopback TCP server for tests: echoes what it reads, or sends a fixed payload and closes. */
final class EchoServer implements AutoCloseable {

    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final byte[] greeting;

    private EchoServer(byte[] greeting) {
        this.greeting = greeting;
        try {
            server = new ServerSocket(0, 2048, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accept = new Thread(this::acceptLoop, "echo-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** Echoes every byte back on the same connection. */
    static EchoServer echo() {
        return new EchoServer(null);
    }

    /** Writes {@code payload} to each client, then closes the connection. */
    static EchoServer sendingAndClosing(byte[] payload) {
        return new EchoServer(payload);
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    int openConnections() {
        sockets.removeIf(Socket::isClosed);
        return sockets.size();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                sockets.add(socket);
                Thread worker = new Thread(null, () -> serve(socket), "echo-conn", 128 * 1024);
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            if (greeting != null) {
                out.write(greeting);
                out.flush();
                return;
            }
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // the peer went away: the test decides whether that was expected
        } finally {
            sockets.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}

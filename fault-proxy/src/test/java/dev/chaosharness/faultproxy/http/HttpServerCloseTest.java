package dev.chaosharness.faultproxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Closing the control API while clients keep it busy: its selector thread ends cleanly and the port is closed. */
class HttpServerCloseTest {

    @Test
    void closingWhileClientsAreBusyEndsTheLoopWithoutAnError() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> uncaught.add(error));
        try {
            for (int round = 0; round < 20; round++) {
                HttpServer server = HttpServer.start(new java.net.InetSocketAddress("127.0.0.1", 0),
                        request -> new HttpResponse(200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8), Map.of()));
                int port = server.address().getPort();
                List<Socket> clients = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    Socket client = new Socket("127.0.0.1", port);
                    OutputStream out = client.getOutputStream();
                    out.write((i % 2 == 0 ? "GET /version HTTP/1.1\r\nHost: x\r\n\r\n" : "GET /vers").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    clients.add(client);
                }
                server.close();
                for (Socket client : clients) {
                    client.close();
                }
                assertThat(portIsClosed(port)).as("round " + round).isTrue();
            }
            Thread.sleep(100);
            assertThat(uncaught).as("errors that ended a thread").isEmpty();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    private static boolean portIsClosed(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}

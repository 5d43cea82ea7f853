package dev.chaosharness.faultproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The traffic extension: connections, bytes each way and resets of a proxy, whatever its protocol. */
class LinkTrafficTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private EchoProxy db;

    @BeforeEach
    void start() throws IOException {
        db = EchoProxy.start("db");
    }

    @AfterEach
    void stop() throws IOException {
        db.close();
    }

    @Test
    void bytesEachWayAndConnectionsAreCountedAsTheyPass() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(new byte[1000]);
            socket.getInputStream().readNBytes(1000);
            JsonNode open = traffic().path("db");
            assertThat(open.path("accepted").asLong()).isEqualTo(1);
            assertThat(open.path("open").asLong()).isEqualTo(1);
            assertThat(open.path("bytes_upstream").asLong()).isEqualTo(1000);
            assertThat(open.path("bytes_downstream").asLong()).isEqualTo(1000);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> traffic().path("db").path("open").asLong() == 0);
        assertThat(traffic().path("db").path("resets").asLong()).as("a clean close is no reset").isZero();
    }

    @Test
    void aConnectionResetByAToxicAndAnUpstreamThatCannotBeDialledAreCounted() throws Exception {
        db.proxy.toxics().resetPeer("rst", ToxicDirection.UPSTREAM, 0);
        try (Socket socket = connect()) {
            socket.getOutputStream().write(new byte[10]);
            assertThat(socket.getInputStream().read()).as("closed, by RST or FIN as the JDK reports it").isLessThan(1);
        } catch (java.net.SocketException expected) {
            // the reset, seen as such
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> traffic().path("db").path("resets").asLong() == 1);

        db.proxy.toxics().get("rst").remove();
        db.proxy.setUpstream("127.0.0.1:1"); // nothing listens there
        try (Socket socket = connect()) {
            socket.getInputStream().read();
        } catch (java.net.SocketException ignored) {
            // closed at once
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> traffic().path("db").path("dial_failures").asLong() == 1);
    }

    private Socket connect() throws IOException {
        String listen = db.proxy.getListen();
        Socket socket = new Socket("127.0.0.1", Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)));
        socket.setSoTimeout(5000);
        return socket;
    }

    private JsonNode traffic() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(db.server.uri() + "/traffic")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}

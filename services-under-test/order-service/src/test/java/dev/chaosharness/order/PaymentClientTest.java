package dev.chaosharness.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PaymentClient against a stand-in payment endpoint on loopback that answers after a set delay. */
class PaymentClientTest {

    private final AtomicReference<String> budgetHeader = new AtomicReference<>();
    private HttpServer server;

    private PaymentClient clientAnsweredAfter(long delayMs, boolean propagate) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/payments/authorize", exchange -> {
            budgetHeader.set(exchange.getRequestHeaders().getFirst(Budget.HEADER));
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        OrderProperties properties = new OrderProperties(List.of(url), "127.0.0.1:9", "orders", 2000, "order-1",
                new OrderProperties.Defect(!propagate, false));
        return new PaymentClient(properties, new ObjectMapper());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Order order() {
        return new Order("o-1", "c-1", 100, OrderState.PENDING, Instant.now());
    }

    @Test
    void sendsTheBudgetItWasGivenAndStillSeesAnAnswerThatArrivesAfterIt() throws Exception {
        PaymentClient client = clientAnsweredAfter(300, true);

        // Payment's budget is 100 ms but the answer needs 300 ms on the way: waiting 5 s, it is seen.
        PaymentClient.Outcome outcome = client.authorize(order(), Budget.startingNow(10_000), 100, 5_000);

        assertThat(outcome).isEqualTo(PaymentClient.Outcome.AUTHORIZED);
        assertThat(budgetHeader.get()).isEqualTo("100");
    }

    @Test
    void stopsWaitingAtItsOwnLimit() throws Exception {
        PaymentClient client = clientAnsweredAfter(5_000, true);

        assertThat(client.authorize(order(), Budget.startingNow(10_000), 100, 300))
                .isEqualTo(PaymentClient.Outcome.TIMED_OUT);
    }

    @Test
    void doesNotCallWhenNothingIsLeftToSend() throws Exception {
        PaymentClient client = clientAnsweredAfter(0, true);

        assertThat(client.authorize(order(), Budget.startingNow(10_000), 0, 300))
                .isEqualTo(PaymentClient.Outcome.TIMED_OUT);
        assertThat(budgetHeader.get()).as("no call reached payment").isNull();
    }

    @Test
    void theDefectSendsNoBudget() throws Exception {
        PaymentClient client = clientAnsweredAfter(0, false);

        assertThat(client.authorize(order(), Budget.startingNow(10_000), 100, 300))
                .isEqualTo(PaymentClient.Outcome.AUTHORIZED);
        assertThat(budgetHeader.get()).isNull();
    }
}

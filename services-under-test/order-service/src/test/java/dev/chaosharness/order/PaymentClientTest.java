package dev.chaosharness.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PaymentClient against a stand-in payment endpoint on loopback that answers after a set delay. */
class PaymentClientTest {

    private final AtomicReference<String> budgetHeader = new AtomicReference<>();
    private final AtomicInteger voidAttempts = new AtomicInteger();
    private final CountDownLatch voided = new CountDownLatch(1);
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
                new OrderProperties.Defect(!propagate, false, false, false));
        server.createContext("/payments/o-1/void", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int attempt = voidAttempts.incrementAndGet();
            exchange.sendResponseHeaders(attempt == 1 ? 503 : 200, -1); // the first attempt finds payment unavailable
            exchange.close();
            if (attempt == 2) {
                voided.countDown();
            }
        });
        return new PaymentClient(properties, new ObjectMapper(), new AuthorizationVoids(properties));
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
        PaymentClient.Outcome outcome = client.authorize(order(), Budget.startingNow(10_000), 100, 5_000).outcome();

        assertThat(outcome).isEqualTo(PaymentClient.Outcome.AUTHORIZED);
        assertThat(budgetHeader.get()).isEqualTo("100");
    }

    @Test
    void stopsWaitingAtItsOwnLimit() throws Exception {
        PaymentClient client = clientAnsweredAfter(5_000, true);

        assertThat(client.authorize(order(), Budget.startingNow(10_000), 100, 300).outcome())
                .isEqualTo(PaymentClient.Outcome.TIMED_OUT);
    }

    @Test
    void anAuthorizationGivenUpOnIsVoidedAtTheInstanceAskedRetryingUntilItAnswers() throws Exception {
        PaymentClient client = clientAnsweredAfter(5_000, true);
        PaymentClient.Call call = client.authorize(order(), Budget.startingNow(10_000), 100, 300);

        client.voidLater(order(), call);

        assertThat(voided.await(20, TimeUnit.SECONDS)).as("void retried after a 503").isTrue();
        assertThat(voidAttempts.get()).isEqualTo(2);
    }

    @Test
    void nothingIsVoidedForACallNeverSent() throws Exception {
        PaymentClient client = clientAnsweredAfter(0, true);
        PaymentClient.Call call = client.authorize(order(), Budget.startingNow(10_000), 0, 300);

        client.voidLater(order(), call);

        assertThat(call.sent()).isFalse();
        assertThat(voided.await(1, TimeUnit.SECONDS)).isFalse();
        assertThat(voidAttempts.get()).isZero();
    }

    @Test
    void doesNotCallWhenNothingIsLeftToSend() throws Exception {
        PaymentClient client = clientAnsweredAfter(0, true);

        assertThat(client.authorize(order(), Budget.startingNow(10_000), 0, 300).outcome())
                .isEqualTo(PaymentClient.Outcome.TIMED_OUT);
        assertThat(budgetHeader.get()).as("no call reached payment").isNull();
    }

    @Test
    void theDefectSendsNoBudget() throws Exception {
        PaymentClient client = clientAnsweredAfter(0, false);

        assertThat(client.authorize(order(), Budget.startingNow(10_000), 100, 300).outcome())
                .isEqualTo(PaymentClient.Outcome.AUTHORIZED);
        assertThat(budgetHeader.get()).isNull();
    }
}

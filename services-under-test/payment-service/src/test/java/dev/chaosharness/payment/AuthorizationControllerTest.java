package dev.chaosharness.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

class AuthorizationControllerTest {

    private static final String ORDER = "{\"orderId\":\"o-1\",\"amountCents\":1200}";

    private static AuthorizationController controller(long serviceTimeMs, boolean ignoreBudget) {
        PaymentProperties properties = new PaymentProperties("payment-1", "127.0.0.1:9092", "orders", "payments",
                "payment-capture", "classic", serviceTimeMs, 0, 100_000_000,
                new PaymentProperties.Defect(false, ignoreBudget, false));
        ObjectMapper mapper = new ObjectMapper();
        return new AuthorizationController(properties, mapper, new BudgetLog(mapper, properties));
    }

    @Test
    void withinItsBudgetTheAuthorizationIsGranted() throws InterruptedException {
        ResponseEntity<Map<String, Object>> response = controller(5, false).authorize(ORDER, "2000");

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).containsEntry("status", "AUTHORIZED");
    }

    @Test
    void workThatWouldOutlastTheBudgetStopsAtTheDeadlineAndIsRefused() throws InterruptedException {
        long started = System.nanoTime();

        ResponseEntity<Map<String, Object>> response = controller(3_000, false).authorize(ORDER, "300");

        long tookMs = (System.nanoTime() - started) / 1_000_000L;
        assertThat(response.getStatusCode().value()).isEqualTo(504);
        // it did not do the 3 s of work for a caller that gives up after 300 ms
        assertThat(tookMs).isLessThan(3_000);
    }

    @Test
    void theIgnoreBudgetDefectWorksPastTheDeadlineAndGrants() throws InterruptedException {
        ResponseEntity<Map<String, Object>> response = controller(400, true).authorize(ORDER, "100");

        assertThat(response.getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aVoidReleasesAGrantAndAnsweringItAgainChangesNothing() throws InterruptedException {
        AuthorizationController controller = controller(5, false);
        controller.authorize(ORDER, "2000");

        assertThat(controller.voidAuthorization("o-1").getStatusCode().value()).isEqualTo(200);
        assertThat(controller.voidAuthorization("o-1").getBody()).containsEntry("status", "VOIDED");
        assertThat(controller.authorizations()).isEmpty();
    }

    @Test
    void anAuthorizationArrivingAfterItsVoidIsRefused() throws InterruptedException {
        AuthorizationController controller = controller(5, false);
        controller.voidAuthorization("o-1"); // the caller gave up while this instance was frozen

        ResponseEntity<Map<String, Object>> response = controller.authorize(ORDER, "2000");

        assertThat(response.getStatusCode().value()).isEqualTo(504);
        assertThat(controller.authorizations()).isEmpty();
    }
}

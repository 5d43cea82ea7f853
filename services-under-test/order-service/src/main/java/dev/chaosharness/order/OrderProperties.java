package dev.chaosharness.order;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of order-service, bound from {@code order.*}.
 *
 * @param paymentUrls      base URLs of the payment-service instances (or of the fault proxy in front
 *                         of them), called in turn
 * @param kafkaBootstrap   bootstrap servers for the producer
 * @param ordersTopic      topic that receives {@code OrderPlaced}
 * @param defaultBudgetMs  budget assumed when a request carries no {@code X-Request-Timeout-Ms}
 * @param instanceId       name of this instance in logs and events
 * @param defect           defect switches, all off by default ({@code order.defect.*})
 */
@ConfigurationProperties("order")
public record OrderProperties(
        @DefaultValue("http://127.0.0.1:8081") List<String> paymentUrls,
        @DefaultValue("127.0.0.1:9092") String kafkaBootstrap,
        @DefaultValue("orders") String ordersTopic,
        @DefaultValue("2000") long defaultBudgetMs,
        @DefaultValue("order-1") String instanceId,
        @DefaultValue Defect defect) {

    /**
     * Defects the harness's checks must catch.
     *
     * @param noDeadlinePropagation  call payment with no budget header and a fixed 10 s timeout
     * @param threadLeak             start a thread per order that never ends
     * @param noVoid                 never void an authorization order-service will not use
     * @param requestCache           keep every order's request in a static cache with no bound (a leak)
     */
    public record Defect(@DefaultValue("false") boolean noDeadlinePropagation,
                         @DefaultValue("false") boolean threadLeak,
                         @DefaultValue("false") boolean noVoid,
                         @DefaultValue("false") boolean requestCache) {
    }
}

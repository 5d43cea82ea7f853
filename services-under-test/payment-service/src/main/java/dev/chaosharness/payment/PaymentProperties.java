package dev.chaosharness.payment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of payment-service, bound from {@code payment.*}.
 *
 * @param instanceId          name of this instance; written into every PaymentCaptured
 * @param kafkaBootstrap      bootstrap servers for the capture consumer and its producer
 * @param ordersTopic         topic read by the capture consumer
 * @param paymentsTopic       topic that receives PaymentCaptured
 * @param consumerGroup       consumer group of the capture consumers
 * @param groupProtocol       Kafka group protocol: {@code classic} or {@code consumer}
 * @param serviceTimeMs       simulated work per authorization
 * @param serviceJitterMs     the work varies by up to this much either way
 * @param declineAboveCents   amounts above this are declined (402)
 * @param defect              defect switches, all off by default ({@code payment.defect.*})
 */
@ConfigurationProperties("payment")
public record PaymentProperties(
        @DefaultValue("payment-1") String instanceId,
        @DefaultValue("127.0.0.1:9092") String kafkaBootstrap,
        @DefaultValue("orders") String ordersTopic,
        @DefaultValue("payments") String paymentsTopic,
        @DefaultValue("payment-capture") String consumerGroup,
        @DefaultValue("classic") String groupProtocol,
        @DefaultValue("20") long serviceTimeMs,
        @DefaultValue("10") long serviceJitterMs,
        @DefaultValue("100000000") long declineAboveCents,
        @DefaultValue Defect defect) {

    /**
     * Defects the harness's checks must catch.
     *
     * @param naiveCommit   auto-commit, no commit on revoke, no transaction: duplicates after a rebalance
     * @param ignoreBudget  authorize whatever budget the caller has left
     * @param gcHog         retain memory on every authorization until the heap is nearly full
     */
    public record Defect(@DefaultValue("false") boolean naiveCommit,
                         @DefaultValue("false") boolean ignoreBudget,
                         @DefaultValue("false") boolean gcHog) {
    }
}

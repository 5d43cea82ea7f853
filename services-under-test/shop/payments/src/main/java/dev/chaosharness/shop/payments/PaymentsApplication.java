package dev.chaosharness.shop.payments;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/** The shop's payment service: consumer-only (no HTTP); each OrderPlaced becomes a payment row and a PaymentCompleted. */
@SpringBootApplication
public class PaymentsApplication {

    /** An order that could not be paid (database or broker out of reach) is delivered again every half second, never skipped. */
    @Bean
    public CommonErrorHandler retryUntilPaid() {
        return new DefaultErrorHandler(new FixedBackOff(500L, FixedBackOff.UNLIMITED_ATTEMPTS));
    }

    /**
     * The schema: db/migration creates the payments table; db/unique-order adds its unique key on
     * order_id. The check-then-insert defect is a schema without that key.
     */
    @Bean
    public FlywayConfigurationCustomizer schema(@Value("${shop.defect.check-then-insert:false}") boolean checkThenInsert) {
        return configuration -> configuration.locations(checkThenInsert ? new String[] {"classpath:db/migration"}
                : new String[] {"classpath:db/migration", "classpath:db/unique-order"});
    }

    public static void main(String[] args) {
        SpringApplication.run(PaymentsApplication.class, args);
    }
}

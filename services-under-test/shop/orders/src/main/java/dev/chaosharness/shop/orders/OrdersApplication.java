package dev.chaosharness.shop.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The shop's order service: takes orders over HTTP, keeps them in its own PostgreSQL database and
 * tells the payment service about them through Kafka ({@link Orders}, {@link OutboxRelay}); marks
 * them PAID when a PaymentCompleted comes back ({@link PaymentCompletedListener}).
 */
@SpringBootApplication
@EnableScheduling
public class OrdersApplication {

    /** A PaymentCompleted that could not be applied (database out of reach) is delivered again every half second, never skipped. */
    @Bean
    public CommonErrorHandler retryUntilApplied() {
        return new DefaultErrorHandler(new FixedBackOff(500L, FixedBackOff.UNLIMITED_ATTEMPTS));
    }

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}

package dev.chaosharness.ledger.writer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/** A consumer-only Spring Kafka service: no web server, no actuator; its readiness is its group membership. */
@SpringBootApplication
public class LedgerWriterApplication {

    /**
     * Without transactions, a listener that throws has its record delivered again, every half
     * second, until it is posted: Spring Kafka's default gives up after ten tries and skips it.
     */
    @Bean
    public CommonErrorHandler retryUntilPosted() {
        return new DefaultErrorHandler(new FixedBackOff(500L, FixedBackOff.UNLIMITED_ATTEMPTS));
    }

    /**
     * The same in a Kafka transaction: the batch is rolled back and its record delivered again every
     * half second until posted (Spring Kafka's default after-rollback processor skips it after ten
     * tries, and commits past it).
     */
    @Bean
    public AfterRollbackProcessor<Object, Object> retryUntilPostedInTransaction() {
        return new DefaultAfterRollbackProcessor<>(new FixedBackOff(500L, FixedBackOff.UNLIMITED_ATTEMPTS));
    }

    public static void main(String[] args) {
        SpringApplication.run(LedgerWriterApplication.class, args);
    }
}

package dev.chaosharness.ledger.writer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A consumer-only Spring Kafka service: no web server, no actuator; its readiness is its group membership. */
@SpringBootApplication
public class LedgerWriterApplication {

    public static void main(String[] args) {
        SpringApplication.run(LedgerWriterApplication.class, args);
    }
}

package dev.chaosharness.scenarios;

import dev.chaosharness.harness.experiment.ExperimentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.environment.EnvironmentRuntimes;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.RunHistory;
import dev.chaosharness.harness.probe.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;

/** Malformed orders get 400 naming each bad field, and nothing reaches Kafka or payment. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderValidationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final List<String> VALID_ORDER_IDS = new ArrayList<>();

    private static RunHistory history;
    private static Environment environment;

    @BeforeAll
    static void startEnvironment() {
        RunDirectory runDir = RunDirectory.create(Settings.SETTINGS.reportsDir(), "order-validation");
        history = RunHistory.open(runDir.path());
        environment = EnvironmentRuntimes.selected(Settings.SETTINGS).create(ExperimentFiles.load(Settings.SETTINGS, "checkout").environment().withInstances("payment", 1),
                runDir, history);
        environment.start();
    }

    @AfterAll
    static void stopEnvironment() {
        if (environment != null) {
            environment.close();
        }
        history.close();
    }

    @Order(1)
    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"amountCents\":100,\"items\":[{\"sku\":\"a\",\"qty\":1}]}                         | customerId",
            "{\"customerId\":\"c\",\"amountCents\":-1,\"items\":[{\"sku\":\"a\",\"qty\":1}]}      | amountCents",
            "{\"customerId\":\"c\",\"amountCents\":1.5,\"items\":[{\"sku\":\"a\",\"qty\":1}]}     | amountCents",
            "{\"customerId\":\"c\",\"amountCents\":100}                                           | items",
            "{\"customerId\":\"c\",\"amountCents\":100,\"items\":[]}                              | items",
            "{\"customerId\":\"c\",\"amountCents\":100,\"items\":[{\"sku\":\"a\",\"qty\":0}]}     | items[0].qty",
            "{\"customerId\":\"c\",\"amountCents\":100,\"items\":[{\"qty\":2}]}                   | items[0].sku",
            "{\"customerId\":\"c\",\"amountCents\":100,                                           | body",
            "[1,2,3]                                                                              | body",
    })
    void malformedOrderIsRefusedNamingTheField(String body, String field) throws Exception {
        HttpResponse<String> response = post(body.strip());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = JSON.readTree(response.body()).path("errors");
        assertThat(errors.findValuesAsText("field")).contains(field);
    }

    @Order(2)
    @Test
    void everyBadFieldIsNamedInOneAnswer() throws Exception {
        HttpResponse<String> response = post("{\"customerId\":\"\",\"amountCents\":-5,\"items\":[{\"sku\":\"a\",\"qty\":0}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("customerId", "amountCents", "items[0].qty");
    }

    @Order(3)
    @Test
    void aValidOrderIsPlaced() throws Exception {
        HttpResponse<String> response = post("{\"customerId\":\"c-valid\",\"amountCents\":250,\"items\":[{\"sku\":\"a\",\"qty\":2}]}");

        assertThat(response.statusCode()).isEqualTo(201);
        VALID_ORDER_IDS.add(JSON.readTree(response.body()).path("orderId").asText());
    }

    @Order(4)
    @Test
    void onlyTheValidOrderWasPublished() {
        List<ConsumerRecord<byte[], String>> published = TopicReader.readAll(environment.kafkaBootstrap(),
                "orders", Duration.ofSeconds(20));

        assertThat(published).extracting(r -> new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))
                .containsExactlyElementsOf(VALID_ORDER_IDS);
    }

    private static HttpResponse<String> post(String body) throws Exception {
        URI uri = environment.serviceUri("order").resolve("/orders");
        return HTTP.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

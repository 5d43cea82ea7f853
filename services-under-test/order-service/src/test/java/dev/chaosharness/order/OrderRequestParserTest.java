package dev.chaosharness.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OrderRequestParserTest {

    private final OrderRequestParser parser = new OrderRequestParser(new ObjectMapper());

    @Test
    void aValidOrderParses() {
        OrderRequestParser.Result result = parser.parse(
                "{\"customerId\":\"c-1\",\"amountCents\":1999,\"items\":[{\"sku\":\"s\",\"qty\":2}]}");

        assertThat(result.valid()).isTrue();
        assertThat(result.request()).isEqualTo(new OrderRequest("c-1", 1999,
                java.util.List.of(new OrderRequest.Item("s", 2))));
    }

    @Test
    void zeroCentsIsAllowedButNegativeIsNot() {
        assertThat(parser.parse("{\"customerId\":\"c\",\"amountCents\":0,\"items\":[{\"sku\":\"s\",\"qty\":1}]}").valid()).isTrue();
        assertThat(parser.parse("{\"customerId\":\"c\",\"amountCents\":-1,\"items\":[{\"sku\":\"s\",\"qty\":1}]}").errors())
                .containsExactly(new FieldError("amountCents", "must not be negative"));
    }

    @Test
    void everyBadFieldIsListed() {
        OrderRequestParser.Result result = parser.parse(
                "{\"customerId\":7,\"amountCents\":\"ten\",\"items\":[{\"sku\":\"\",\"qty\":1},\"x\",{\"sku\":\"b\",\"qty\":-2}]}");

        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).extracting(FieldError::field)
                .containsExactly("customerId", "amountCents", "items[0].sku", "items[1]", "items[2].qty");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "{", "not json", "42", "\"text\""})
    void aBodyThatIsNotAnObjectIsNamedAsTheBody(String body) {
        OrderRequestParser.Result result = parser.parse(body);

        assertThat(result.errors()).extracting(FieldError::field).containsExactly("body");
    }
}

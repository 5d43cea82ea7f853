package dev.chaosharness.harness.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlaceholderTest {

    private final Placeholder.Values values = p -> switch (p.name()) {
        case "port" -> "18080";
        case "urls" -> "http://127.0.0.1:1,http://127.0.0.1:2";
        case "instance" -> "api-2";
        default -> "?";
    };

    @Test
    void expandsEveryReferenceAndLeavesTheRest() {
        assertThat(Placeholder.expand("--server.port=${port}", values)).isEqualTo("--server.port=18080");
        assertThat(Placeholder.expand("${instance}:${port}/${urls:backend}", values))
                .isEqualTo("api-2:18080/http://127.0.0.1:1,http://127.0.0.1:2");
        assertThat(Placeholder.expand("no placeholder", values)).isEqualTo("no placeholder");
    }

    @Test
    void aDoubleDollarIsALiteralDollar() {
        assertThat(Placeholder.expand("price=$$5 ${port}", values)).isEqualTo("price=$5 18080");
        assertThat(Placeholder.in("$${port}")).as("escaped, so not a placeholder").isEmpty();
    }

    @Test
    void findsPlaceholdersWithTheirArguments() {
        assertThat(Placeholder.in("${url:payment-2} and ${kafka.bootstrap}")).containsExactly(
                new Placeholder("url", "payment-2"), new Placeholder("kafka.bootstrap", ""));
        assertThat(new Placeholder("url", "payment-2").calleeService()).isEqualTo("payment");
        assertThat(new Placeholder("urls", "payment").calleeService()).isEqualTo("payment");
    }

    @Test
    void saysWhatIsWrongWithAMalformedOne() {
        assertThat(new Placeholder("port", "x").problem()).hasValue("${port:x} must name an instance, e.g. ${port:db-1}");
        assertThat(new Placeholder("port", "db-1").problem()).as("a callee instance's port through its link").isEmpty();
        assertThat(new Placeholder("addrs", "").problem()).hasValue("${addrs:...} needs an argument");
        assertThat(new Placeholder("addr", "db").problem()).hasValue("${addr:db} must name an instance, e.g. ${addr:backend-1}");
        assertThat(new Placeholder("index", "x").problem()).hasValue("${index} takes no argument");
        assertThat(new Placeholder("urls", "").problem()).hasValue("${urls:...} needs an argument");
        assertThat(new Placeholder("url", "payment").problem()).get().asString().contains("must name an instance");
        assertThat(new Placeholder("kafka.bootstrap", "").problem()).isEmpty();
    }
}

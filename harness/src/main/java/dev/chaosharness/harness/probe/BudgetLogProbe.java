package dev.chaosharness.harness.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The budget each service instance saw per request, from the {@code BUDGET {json}} lines the
 * services write to their logs (which survive a SIGKILL).
 */
public final class BudgetLogProbe {

    private static final String MARKER = "BUDGET {";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BudgetLogProbe() {
    }

    public static int record(Path logsDir, RunHistory history) {
        if (!Files.isDirectory(logsDir)) {
            return 0;
        }
        int written = 0;
        try (Stream<Path> logs = Files.list(logsDir)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                written += recordLog(log, history);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + logsDir, e);
        }
        return written;
    }

    private static int recordLog(Path log, RunHistory history) throws IOException {
        int written = 0;
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (String line : lines) {
            int at = line.indexOf(MARKER);
            if (at < 0) {
                continue;
            }
            JsonNode json;
            try {
                json = MAPPER.readTree(line.substring(at + MARKER.length() - 1));
            } catch (IOException e) {
                continue; // a line cut short by a SIGKILL
            }
            history.append(new HistoryEvent.BudgetObserved(json.path("atMs").asLong(), json.path("instance").asText(),
                    json.path("orderId").asText(), json.path("budgetReceivedMs").asLong(),
                    json.path("budgetSentMs").asLong(), json.path("elapsedBeforeCallMs").asLong(),
                    json.path("outcome").asText()));
            written++;
        }
        return written;
    }
}

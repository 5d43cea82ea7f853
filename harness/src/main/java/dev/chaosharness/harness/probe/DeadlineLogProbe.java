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
 * The deadline each service instance saw per request, from lines its log may hold (they survive a
 * SIGKILL): an optional enrichment a service can offer, never needed by a check to say UNKNOWN.
 * The contract: a line containing {@code DEADLINE {json}} whose JSON has {@code atMs} (epoch ms),
 * {@code instance} (the harness's instance name, {@code ${instance}}), {@code id} (the request's id as
 * the load sees it), {@code budgetReceivedMs} (-1 when none came), {@code budgetSentMs} (to its
 * callee, -1 when none), {@code elapsedBeforeCallMs}, {@code done} (whether it did the work),
 * optionally {@code undone} (true on a line that compensates work done earlier for the same id, such
 * as a voided authorization: that work is no orphan) and {@code outcome} (free text, shown as evidence).
 */
public final class DeadlineLogProbe implements Probe {

    private static final String MARKER = "DEADLINE {";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ProbeContext run;

    public DeadlineLogProbe(ProbeContext run) {
        this.run = run;
    }

    @Override
    public void readAfterEnvironment() {
        run.progress().accept("probes: " + record(run.runDir().resolve("logs"), run.history())
                + " deadline lines from the services' logs");
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
            history.append(new HistoryEvent.DeadlineObserved(json.path("atMs").asLong(), json.path("instance").asText(),
                    json.path("id").asText(), json.path("budgetReceivedMs").asLong(-1), json.path("budgetSentMs").asLong(-1),
                    json.path("elapsedBeforeCallMs").asLong(), json.path("done").asBoolean(),
                    json.path("undone").asBoolean(false), json.path("outcome").asText()));
            written++;
        }
        return written;
    }
}

package dev.chaosharness.harness.environment;

import dev.chaosharness.harness.system.Launch;
import dev.chaosharness.harness.system.Readiness;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * The declared readiness of one instance as something to poll: every check must pass. When the
 * wait times out, {@link #pending()} names what was still awaited.
 *
 * <p>Group membership is awaited only while the environment starts, when the whole group starts
 * together. An instance a fault restarts is ready on its other checks: other faults of the same
 * run may hold the group unstable for as long as they last, and that rebalance is what the run
 * observes, not something to wait out.
 */
public final class ReadyCheck {

    /** What an instance offers the checks, as reachable from the harness. */
    public record Target(String host, int port, Supplier<String> outputSinceStart, Supplier<Admin> kafkaAdmin,
                         IntSupplier runningInstances, BooleanSupplier environmentStarting) {
    }

    private static final int STILL_OPEN_MS = 250;

    private final List<Readiness> readiness;
    private final Target target;
    private volatile String pending = "";
    /** What the check that did not pass last said (an HTTP status and body, a refused connection), if it says anything. */
    private volatile String lastAnswer = "";

    public ReadyCheck(List<Readiness> readiness, Target target) {
        this.readiness = List.copyOf(readiness);
        this.target = target;
    }

    /** True when every declared check passes (and at once when none is declared). */
    public boolean isReady() {
        for (Readiness check : readiness) {
            try {
                lastAnswer = "";
                if (!passes(check)) {
                    pending = check.describe() + (lastAnswer.isEmpty() ? "" : " (last answer: " + lastAnswer + ")");
                    return false;
                }
            } catch (RuntimeException e) {
                pending = check.describe() + " (last poll failed: " + e + ")";
                return false;
            }
        }
        pending = "";
        return true;
    }

    /** What the last poll was still waiting for; empty once ready. */
    public String pending() {
        return pending;
    }

    public String describe() {
        return readiness.isEmpty() ? "the process running (no readiness declared)"
                : String.join(" and ", readiness.stream().map(Readiness::describe).toList());
    }

    private boolean passes(Readiness check) {
        if (check instanceof Readiness.Http http) {
            HttpHealth.Answer answer = HttpHealth.ask(URI.create("http://" + target.host() + ":" + target.port()), http.path());
            lastAnswer = answer.up() ? "" : answer.said();
            return answer.up();
        }
        if (check instanceof Readiness.Tcp) {
            return accepts(target.host(), target.port());
        }
        if (check instanceof Readiness.LogLine log) {
            return target.outputSinceStart().get().lines().anyMatch(line -> log.regex().matcher(line).find());
        }
        if (check instanceof Readiness.GroupMember group) {
            return !target.environmentStarting().getAsBoolean() || KafkaAdmin.groupIsStableWith(target.kafkaAdmin().get(), group.group(),
                    group.membersPerInstance() * target.runningInstances().getAsInt());
        }
        if (check instanceof Readiness.Postgres postgres) {
            return postgres.databases().stream().allMatch(this::connects);
        }
        throw new IllegalStateException("no way to check " + check);
    }

    /** A JDBC connection as the database's owner: the server is up and its first start created what the file declares. */
    private boolean connects(Launch.Database database) {
        String url = "jdbc:postgresql://" + target.host() + ":" + target.port() + "/" + database.name()
                + "?connectTimeout=2&socketTimeout=2";
        try (Connection connection = DriverManager.getConnection(url, database.owner(), database.password())) {
            return connection.isValid(2);
        } catch (SQLException e) {
            lastAnswer = String.valueOf(e.getMessage());
            return false;
        }
    }

    /**
     * Connected, and not closed at once: Docker's port forwarder accepts on the host port before the
     * container listens, then closes the connection when it cannot reach it. A server that is up
     * keeps a silent client waiting (or greets it).
     */
    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(STILL_OPEN_MS);
            return socket.getInputStream().read() != -1;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

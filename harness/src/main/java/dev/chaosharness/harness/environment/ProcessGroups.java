package dev.chaosharness.harness.environment;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every process the harness starts runs in a process group of its own ({@code setsid}), registered
 * with one watchdog per harness JVM, so that nothing outlives the harness however it ends.
 *
 * <p>Why a watchdog holding a pipe, rather than a parent-death signal or a shutdown hook: Java's
 * ProcessBuilder cannot set {@code PR_SET_PDEATHSIG} (and that signal follows the forking
 * <em>thread</em>, so a JVM thread that exits would take its children with it); a shutdown hook
 * never runs on SIGKILL or an OOM kill. The watchdog is {@code sh} in a session of its own (a
 * Ctrl-C or a closed terminal does not reach it) whose stdin is a pipe whose only writer is this
 * JVM: Java closes every descriptor above 2 in the processes it starts, so no child keeps the pipe
 * open, and the kernel closes it when this JVM dies, however it dies. On that end of file the
 * watchdog sends SIGCONT (a paused instance could not act on anything else) and SIGTERM to every
 * group still registered, SIGKILL to what is left after {@value #GRACE_TENTHS}/10 s, then runs the
 * registered undo scripts (a docker runtime's containers, an attached system's toxics). Its kill
 * is the shell's own ({@code kill -TERM -123} in dash and bash); procps' /usr/bin/kill reads that
 * same line as a signal to every process there is. A group is
 * registered after its start and released when its leader ends, so a process number the kernel
 * gives out again is never signalled; the only window is between a fork and its registration.
 */
public final class ProcessGroups {

    private static final Logger log = LoggerFactory.getLogger(ProcessGroups.class);
    static final int GRACE_TENTHS = 25;
    private static final int UNDO_TIMEOUT_SECONDS = 8;

    /** Lines on stdin: {@code g+ PGID}, {@code g- PGID}, {@code u+ ID PATH}, {@code u- ID}. */
    static final String SCRIPT = """
            state=$(mktemp -d) || exit 1
            while IFS= read -r line; do
              case $line in
                'g+ '[1-9][0-9]*) : > "$state/g.${line#g+ }" ;;
                'g- '*) rm -f "$state/g.${line#g- }" ;;
                'u+ '*) rest=${line#u+ }; printf '%s\\n' "${rest#* }" > "$state/u.${rest%% *}" ;;
                'u- '*) rm -f "$state/u.${line#u- }" ;;
              esac
            done
            groups=''
            for f in "$state"/g.*; do
              g=${f##*/g.}
              case $g in *[!0-9]*|''|0|1) ;; *) groups="$groups $g" ;; esac
            done
            for g in $groups; do kill -CONT -$g 2>/dev/null; kill -TERM -$g 2>/dev/null; done
            i=0
            while [ -n "$groups" ] && [ $i -lt @GRACE@ ]; do
              alive=''
              for g in $groups; do kill -0 -$g 2>/dev/null && alive="$alive $g"; done
              groups=$alive
              [ -n "$groups" ] && sleep 0.1
              i=$((i+1))
            done
            for g in $groups; do kill -KILL -$g 2>/dev/null; done
            for f in "$state"/u.*; do [ -e "$f" ] && timeout @UNDO@ sh "$(cat "$f")" >/dev/null 2>&1; done
            rm -rf "$state"
            """.replace("@GRACE@", Integer.toString(GRACE_TENTHS)).replace("@UNDO@", Integer.toString(UNDO_TIMEOUT_SECONDS));

    private static final AtomicLong UNDO_IDS = new AtomicLong();
    private static OutputStream watchdog;
    private static boolean warned;

    private ProcessGroups() {
    }

    /**
     * Starts {@code builder}'s command as the leader of a new process group and session, registered
     * with the watchdog until it ends. With {@code killGroupOnExit}, what it started and left
     * behind (a service command's children) is killed when it ends; without, a command may leave
     * processes it meant to (an attached system's start command), which the watchdog no longer
     * stops once the command ended.
     */
    public static Process start(ProcessBuilder builder, boolean killGroupOnExit) throws IOException {
        List<String> command = new ArrayList<>(builder.command());
        // setsid(1) execs in place (same pid) when its caller is not a group leader, as a JVM's child never is
        command.add(0, "setsid");
        builder.command(command);
        Process process;
        synchronized (ProcessGroups.class) {
            process = builder.start();
            send("g+ " + process.pid());
        }
        long pgid = process.pid();
        process.onExit().thenRun(() -> {
            if (killGroupOnExit) {
                signalGroup(pgid, "KILL");
            }
            release(pgid);
        });
        return process;
    }

    /**
     * Registers a shell script the watchdog runs if this JVM dies before {@link Undo#close()}:
     * what undoes a change the harness made outside its own processes.
     */
    public static Undo undoOnDeath(Path script) {
        long id = UNDO_IDS.incrementAndGet();
        synchronized (ProcessGroups.class) {
            send("u+ " + id + " " + script.toAbsolutePath());
        }
        return () -> {
            synchronized (ProcessGroups.class) {
                send("u- " + id);
            }
        };
    }

    /** A registered undo script, withdrawn once what it undoes was undone by the harness itself. */
    public interface Undo extends AutoCloseable {
        @Override
        void close();
    }

    /** {@code kill -s SIGNAL -- -pgid}; false when no process of the group was there to receive it. */
    public static boolean signalGroup(long pgid, String signal) {
        try {
            if (pgid <= 1) {
                throw new IllegalArgumentException("not a process group: " + pgid);
            }
            // procps' kill reads "-SIGNAL -123" as signal 1 to pid -1, every process there is: the form below only
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor() == 0;
        } catch (IOException e) {
            log.warn("cannot signal process group {}: {}", pgid, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void release(long pgid) {
        synchronized (ProcessGroups.class) {
            send("g- " + pgid);
        }
    }

    private static void send(String line) {
        try {
            if (watchdog == null) {
                watchdog = startWatchdog();
            }
            watchdog.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            watchdog.flush();
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                log.warn("the watchdog that stops this run's processes if the harness dies is gone ({}): they may "
                        + "outlive a killed harness", e.toString());
            }
        }
    }

    private static OutputStream startWatchdog() throws IOException {
        Process process = new ProcessBuilder("setsid", "sh", "-c", SCRIPT)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        log.debug("watchdog pid {}", process.pid());
        return process.getOutputStream();
    }
}

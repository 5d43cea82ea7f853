package dev.chaosharness.harness.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog script on its own: the test plays the harness, holding its stdin, and closes it as
 * the kernel does when the harness dies. (The real SIGKILL of a harness: scenarios' HarnessDeathIT.)
 */
class ProcessGroupsTest {

    @TempDir
    Path dir;

    private Process watchdog;
    private Process registeredGroup;
    private Process releasedGroup;

    @AfterEach
    void stopAll() {
        for (Process p : new Process[] {watchdog, registeredGroup, releasedGroup}) {
            if (p != null) {
                ProcessGroups.signalGroup(p.pid(), "KILL");
                p.destroyForcibly();
            }
        }
    }

    @Test
    void onEndOfFileItStopsTheRegisteredGroupsPausedOnesAndChildrenIncludedAndRunsTheUndoScripts() throws Exception {
        watchdog = new ProcessBuilder("setsid", "sh", "-c", ProcessGroups.SCRIPT).start();
        // a group whose leader ignores SIGTERM and has a child, paused as a pause window leaves it
        registeredGroup = new ProcessBuilder("setsid", "sh", "-c", "trap '' TERM; sleep 300 & echo $! > "
                + dir.resolve("child.pid") + "; wait").start();
        releasedGroup = new ProcessBuilder("setsid", "sleep", "300").start();
        Awaitility.await().until(() -> Files.exists(dir.resolve("child.pid")) && Files.size(dir.resolve("child.pid")) > 0);
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).strip());
        ProcessGroups.signalGroup(registeredGroup.pid(), "STOP");
        Path undo = dir.resolve("undo.sh");
        Files.writeString(undo, "touch " + dir.resolve("undone") + "\n");
        Path withdrawn = dir.resolve("withdrawn.sh");
        Files.writeString(withdrawn, "touch " + dir.resolve("should-not-run") + "\n");

        OutputStream pipe = watchdog.getOutputStream();
        pipe.write(("g+ " + registeredGroup.pid() + "\ng+ " + releasedGroup.pid() + "\ng- " + releasedGroup.pid()
                + "\nu+ 1 " + undo + "\nu+ 2 " + withdrawn + "\nu- 2\n").getBytes(StandardCharsets.UTF_8));
        pipe.close();

        assertThat(watchdog.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("the watchdog ended").isTrue();
        assertThat(registeredGroup.isAlive()).as("leader (it ignored SIGTERM: killed)").isFalse();
        assertThat(running(child)).as("its child").isFalse();
        assertThat(releasedGroup.isAlive()).as("a released group is not the watchdog's any more").isTrue();
        assertThat(dir.resolve("undone")).exists();
        assertThat(dir.resolve("should-not-run")).doesNotExist();
    }

    @Test
    void aStartedProcessLeadsItsOwnGroupWithThePidJavaKnowsAndIsReleasedWhenItEnds() throws Exception {
        Process process = ProcessGroups.start(new ProcessBuilder("sh", "-c", "sleep 300 & wait"), true);
        registeredGroup = process;
        // setsid(1) makes it a group leader once it runs, a moment after Java's start returns
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(process.pid()).orElseThrow()
                .children().findFirst().isPresent());
        String[] fields = stat(process.pid());
        assertThat(fields[2]).as("pgid").isEqualTo(Long.toString(process.pid()));
        assertThat(fields[3]).as("session").isEqualTo(Long.toString(process.pid()));
        long child = ProcessHandle.of(process.pid()).orElseThrow().children().findFirst().orElseThrow().pid();

        process.destroy();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !running(child));
    }

    /** The fields of /proc/PID/stat after the command's name: state, ppid, pgrp, session, ... */
    private static String[] stat(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** Alive and not a zombie (one whose parent died is reaped by init a moment later). */
    private static boolean running(long pid) {
        try {
            return !stat(pid)[0].equals("Z");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

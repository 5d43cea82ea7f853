package dev.chaosharness.harness.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JvmAttachTest {

    /** A JVM that waits to be killed. */
    public static final class Idle {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(60_000);
        }
    }

    @Test
    void runsADiagnosticCommandInAnotherJvmAsJcmdDoes() throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Idle.class.getName()).start();
        try {
            // the first attach starts the JVM's attach listener; the second finds it running
            String version = JvmAttach.jcmd(jvm.pid(), "VM.version", Duration.ofSeconds(20));
            String gc = JvmAttach.jcmd(jvm.pid(), "GC.run", Duration.ofSeconds(20));

            assertThat(version).contains("JDK " + Runtime.version().feature());
            assertThat(gc).isEmpty(); // GC.run prints nothing when done
            assertThat(jvm.isAlive()).isTrue();
        } finally {
            jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessThatIsNotThereIsSaidPlainly() {
        assertThatThrownBy(() -> JvmAttach.jcmd(Integer.MAX_VALUE, "GC.run", Duration.ofSeconds(1)))
                .hasMessage("no process " + Integer.MAX_VALUE + " on this host");
    }
}

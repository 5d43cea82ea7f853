package dev.chaosharness.harness.environment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs a diagnostic command ({@code GC.run}) in a HotSpot JVM of this host, as {@code jcmd} does,
 * also in a container (the pid as the host sees it; root reaches its {@code /tmp} through
 * {@code /proc/<pid>/root}). Written by hand because the JDK runs a diagnostic command only
 * through {@code jcmd}, which a JRE image has not, or through an internal class of
 * {@code jdk.attach} ({@code HotSpotVirtualMachine.executeJCmd}) that a harness running inside Maven
 * cannot open; the public attach API would start a JMX agent, whose address inside a container is
 * not reachable. The protocol is HotSpot's (Linux): an {@code .attach_pid<pid>} file and SIGQUIT make
 * the JVM open {@code /tmp/.java_pid<pid>}; one request there is "1", the command and three
 * arguments, each ending in a NUL byte; the answer is a status line ("0": done) and the output.
 */
public final class JvmAttach {

    private JvmAttach() {
    }

    /** Runs {@code command} (e.g. {@code GC.run}) in JVM {@code hostPid}; returns its output, throws saying why it could not. */
    public static String jcmd(long hostPid, String command, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path root = Path.of("/proc", Long.toString(hostPid), "root");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("no process " + hostPid + " on this host");
        }
        long nsPid = namespacePid(hostPid);
        Path socket = root.resolve("tmp").resolve(".java_pid" + nsPid);
        if (!Files.exists(socket)) {
            startAttachListener(hostPid, nsPid, root, socket, deadline);
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(("1\0jcmd\0" + command + "\0\0\0").getBytes(StandardCharsets.UTF_8)));
            String answer = readAll(channel);
            int newline = answer.indexOf('\n');
            String status = (newline < 0 ? answer : answer.substring(0, newline)).trim();
            String output = newline < 0 ? "" : answer.substring(newline + 1).trim();
            if (!status.equals("0")) {
                throw new IllegalStateException("jcmd " + command + " in pid " + hostPid + " answered " + status + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run jcmd " + command + " in pid " + hostPid + ": " + e.getMessage(), e);
        }
    }

    /** The pid inside the process's own namespace (its container's), from the last NSpid field. */
    static long namespacePid(long hostPid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(hostPid), "status"))) {
                if (line.startsWith("NSpid:")) {
                    List<String> pids = List.of(line.substring("NSpid:".length()).trim().split("\\s+"));
                    return Long.parseLong(pids.get(pids.size() - 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // an older kernel: no NSpid, the same namespace
        }
        return hostPid;
    }

    private static void startAttachListener(long hostPid, long nsPid, Path root, Path socket, long deadline) {
        // the JVM looks for the file in its working directory, then in /tmp: /tmp is the same inside a container
        Path trigger = root.resolve("tmp").resolve(".attach_pid" + nsPid);
        try {
            Files.deleteIfExists(trigger);
            Files.createFile(trigger);
            try {
                signalQuit(hostPid);
                while (!Files.exists(socket)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("pid " + hostPid + " opened no attach socket (" + socket
                                + ") in time: not a HotSpot JVM, or attach disabled (-XX:+DisableAttachMechanism)");
                    }
                    Thread.sleep(20);
                }
            } finally {
                Files.deleteIfExists(trigger);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot ask pid " + hostPid + " to listen for attach: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while attaching to pid " + hostPid, e);
        }
    }

    private static void signalQuit(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).redirectErrorStream(true).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -QUIT " + pid + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }

    private static String readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (channel.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

package dev.chaosharness.harness.environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP listen ports on loopback for processes this JVM is about to start.
 *
 * <p>Asking the kernel for port 0 is not enough: it hands the same port out again once the probe
 * socket is closed (a broker once got its controller and a client listener on one port), and that
 * range is also where every outgoing connection takes its local port. Ports come from below the
 * kernel's ephemeral range instead, each handed out at most once per JVM, and are checked bindable.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    public static synchronized int next() {
        int highest = belowEphemeralRange();
        if (highest - LOWEST < 1_000) {
            return kernelChosenUnique();
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST, highest);
            if (!HANDED_OUT.contains(candidate) && bindable(candidate)) {
                HANDED_OUT.add(candidate);
                return candidate;
            }
        }
        throw new IllegalStateException("no free loopback port between " + LOWEST + " and " + highest
                + " after " + ATTEMPTS + " attempts");
    }

    private static int kernelChosenUnique() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
        }
        throw new IllegalStateException("the kernel kept offering ports already handed out");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (exclusive upper bound for our choice). */
    static int belowEphemeralRange() {
        try {
            // readString gives a truncated result for procfs files, whose reported size is 0
            String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768; // Linux's default when /proc is not there (macOS uses 49152)
        }
    }
}

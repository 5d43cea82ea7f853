package dev.chaosharness.harness.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void neverHandsOutThePortTwiceEvenWhenReleased() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            assertThat(ports.add(FreePorts.next())).as("port %d handed out twice", i).isTrue();
        }
    }

    @Test
    void portsComeFromBelowTheKernelsEphemeralRange() throws IOException {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        assumeTrue(Files.isReadable(range), "no " + range + " on this system");
        int ephemeralStart = Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);

        assertThat(FreePorts.belowEphemeralRange()).isEqualTo(ephemeralStart);
        assertThat(FreePorts.next()).isBetween(10_000, ephemeralStart - 1);
    }

    @Test
    void handsOutPortsThatCanBeBoundOnLoopback() throws IOException {
        int port = FreePorts.next();
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}

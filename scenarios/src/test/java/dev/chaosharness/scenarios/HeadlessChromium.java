package dev.chaosharness.scenarios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, opening a local file: its DOM after load, its console messages,
 * and a screenshot. Started with no network features (this machine reaches no other host).
 */
final class HeadlessChromium {

    /** Debian's chromium by default; elsewhere, e.g. {@code -Dharness.chromium=/usr/bin/google-chrome}. */
    static final Path BINARY = Path.of(System.getProperty("harness.chromium", "/usr/bin/chromium"));

    record Page(String dom, List<String> consoleLines) {
    }

    private HeadlessChromium() {
    }

    static Page open(Path file, Path screenshot) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's chromium (.ci/run does)"
                    + " or name another Chromium-based browser with -Dharness.chromium=<path>");
        }
        Path profile = Files.createTempDirectory("chromium-profile");
        Path log = Files.createTempFile("chromium", ".log");
        String url = file.toUri().toString();
        String dom = run(profile, log, List.of("--dump-dom", url));
        List<String> console = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("CONSOLE")).toList();
        run(profile, log, List.of("--screenshot=" + screenshot, "--window-size=1400,2400", url));
        return new Page(dom, console);
    }

    private static String run(Path profile, Path log, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile));
        command.addAll(args);
        Path out = Files.createTempFile("chromium", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("chromium did not finish within 90 s: " + command);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}

package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentFiles;
import dev.chaosharness.harness.experiment.ExperimentResult;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dependency that is no HTTP service: an api that answers each request after a round trip to a
 * line-based TCP store it reaches by {@code ${addr:store-1}}. The link {@code api-1->store-1} (the profile's {@code api->store-1}: every api instance's) goes
 * through the fault proxy like any other, is not read as HTTP, and a profile cuts it: the requests
 * made while it is down fail, those before and after succeed. Local runtime: both are commands.
 */
class TcpDependencyIT {

    private static final String STORE = """
            import socketserver, sys
            class Line(socketserver.StreamRequestHandler):
                def handle(self):
                    for line in self.rfile:
                        self.wfile.write(b"OK " + line)
            socketserver.ThreadingTCPServer.allow_reuse_address = True
            socketserver.ThreadingTCPServer(("127.0.0.1", int(sys.argv[1])), Line).serve_forever()
            """;

    private static final String API = """
            import socket, sys
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
            host, port = sys.argv[2].rsplit(":", 1)
            class Api(BaseHTTPRequestHandler):
                def do_GET(self):
                    if self.path == "/health":
                        return self.answer(200, b"UP")
                    try:
                        with socket.create_connection((host, int(port)), timeout=1) as store:
                            store.sendall(b"ping\\n")
                            reply = store.makefile("rb").readline()
                        ok = reply == b"OK ping\\n"
                    except OSError:
                        ok = False
                    self.answer(200 if ok else 503, b"pong" if ok else b"store out of reach")
                def answer(self, status, body):
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Api).serve_forever()
            """;

    private static final String SYSTEM = """
            name: tcp-store
            services:
              api:
                command: [python3, api.py, "${port}", "${addr:store-1}"]
                working-dir: .
                ready: {http: /health}
              store:
                command: [python3, store.py, "${port}"]
                working-dir: .
                ready: {tcp: true}
            """;

    private static final String PROFILE = """
            name: store-cut
            description: link-down on api->store-1 for 4 s.
            timeline:
              - {at: 4s, duration: 4s, action: link-down, target: api->store-1}
            """;

    private static final String EXPERIMENT = """
            name: tcp-store-cut
            system: system.yaml
            profile: store-cut.yaml
            load:
              entry: api
              request: {method: GET, path: /ping}
              success: [200]
              rate-per-second: 10
              ramp-seconds: 0
              hold-seconds: 14
              max-p99-ms: 5000
              max-error-percent: 100
            """;

    @Test
    void aTcpLinkIsWiredByAddressFaultedAndNotReadAsHttp(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Settings.onProcesses(), "the services are commands");
        Files.writeString(dir.resolve("store.py"), STORE);
        Files.writeString(dir.resolve("api.py"), API);
        Files.writeString(dir.resolve("system.yaml"), SYSTEM);
        Files.writeString(dir.resolve("store-cut.yaml"), PROFILE);
        Files.writeString(dir.resolve("experiment.yaml"), EXPERIMENT);

        ExperimentResult result = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, dir.resolve("experiment.yaml").toString()), Settings.SETTINGS);
        List<HistoryEvent> history = HistoryReader.read(result.runDir().path());

        HistoryEvent.FaultApplied cut = HistoryReader.ofType(history, HistoryEvent.FaultApplied.class).get(0);
        // the profile names the service's link (api->store-1): each caller instance has its own, api-1's here
        assertThat(cut.targets()).containsExactly("api-1->store-1");
        long from = cut.atMs();
        long to = HistoryReader.ofType(history, HistoryEvent.FaultRolledBack.class).get(0).atMs();
        List<HistoryEvent.RequestCompleted> requests = HistoryReader.ofType(history, HistoryEvent.RequestCompleted.class);
        assertThat(requests).filteredOn(r -> r.startMs() > from + 500 && r.atMs() < to - 500)
                .as("made while the store was cut off").isNotEmpty().allSatisfy(r -> assertThat(r.status()).isEqualTo(503));
        assertThat(requests).filteredOn(r -> r.atMs() < from - 200 || r.startMs() > to + 1000)
                .as("before and after the cut").isNotEmpty().allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(HistoryReader.ofType(history, HistoryEvent.HttpExchangeObserved.class))
                .as("the store's link is plain TCP: nothing on it is read as HTTP")
                .noneMatch(e -> e.link().equals("api-1->store-1"));
        RunAssertions.faultWindowsKeptTheirTime(history);
        RunAssertions.noProcessOutlivedTheRun(history);
    }
}

package dev.chaosharness.harness.proxy;

import dev.chaosharness.faultproxy.api.ProxyState;
import dev.chaosharness.faultproxy.api.ToxicState;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaosharness.faultproxy.LinkTraffic;
import dev.chaosharness.faultproxy.api.ObservationsPage;
import dev.chaosharness.faultproxy.api.ObserveSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one client of the Toxiproxy v2 control API and of fault-proxy's extensions (traffic counts,
 * HTTP observation), with the JDK's HttpClient and Jackson; the extensions' bodies are
 * fault-proxy's own records ({@code dev.chaosharness.faultproxy.api}). The real Toxiproxy answers
 * 404 to an extension: {@link #traffic()} is then empty and {@link #observe} throws
 * {@link Refused} with that status, so a probe can say what it lacks.
 */
public final class FaultProxyClient {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    /** An answer with another status than the call expects; {@link #status()} says which. */
    public static final class Refused extends IOException {
        private final int status;

        Refused(String what, int status, String body) {
            super(what + ": HTTP " + status + (body.isBlank() ? "" : " " + body.strip()));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final String host;
    private final int port;
    private final URI api;

    public FaultProxyClient(String host, int port) {
        this.host = host;
        this.port = port;
        this.api = URI.create("http://" + host + ":" + port);
    }

    public URI uri() {
        return api;
    }

    /** Whether it answers Toxiproxy's {@code GET /version}. */
    public boolean answers() {
        try {
            return send("GET", "/version", null).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The proxy of this name; empty when there is none (404). */
    public Optional<ProxyState> proxy(String name) throws IOException {
        HttpResponse<String> response = send("GET", proxyPath(name), null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(expect(response, 200, "read proxy " + name), ProxyState.class));
    }

    public void createProxy(String name, String listen, String upstream) throws IOException {
        expect(send("POST", "/proxies", Map.of("name", name, "listen", listen, "upstream", upstream, "enabled", true)),
                201, "create proxy " + name);
    }

    /** Enables or disables a proxy (a disabled one listens no more and drops its connections). */
    public void setEnabled(String proxy, boolean enabled) throws IOException {
        expect(send("POST", proxyPath(proxy), Map.of("enabled", enabled)), 200, (enabled ? "enable " : "disable ") + proxy);
    }

    public void addToxic(String proxy, ToxicState toxic) throws IOException {
        expect(send("POST", proxyPath(proxy) + "/toxics", toxic), 200, "add the " + toxic.type() + " toxic to " + proxy);
    }

    /** Removes a toxic; false when it was not there (its proxy reset or deleted). */
    public boolean removeToxic(String proxy, String toxic) throws IOException {
        HttpResponse<String> response = send("DELETE", proxyPath(proxy) + "/toxics/" + segment(toxic), null);
        if (response.statusCode() == 404) {
            return false;
        }
        expect(response, 204, "remove toxic " + toxic + " from " + proxy);
        return true;
    }

    /** Each proxy's traffic counts by name (extension); empty on a proxy that keeps none. */
    public Optional<Map<String, LinkTraffic.Counts>> traffic() throws IOException {
        HttpResponse<String> response = send("GET", "/traffic", null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(expect(response, 200, "read the traffic counts"), new TypeReference<>() { }));
    }

    /** Observes a proxy's HTTP exchanges (extension); {@link Refused} with 404 on a proxy that cannot. */
    public void observe(String proxy, ObserveSettings settings) throws IOException {
        expect(send("POST", proxyPath(proxy) + "/observe", settings), 200, "observe " + proxy);
    }

    public void stopObserving(String proxy) throws IOException {
        expect(send("DELETE", proxyPath(proxy) + "/observe", null), 204, "stop observing " + proxy);
    }

    /** The observed exchanges numbered after {@code after} (extension). */
    public ObservationsPage observations(long after) throws IOException {
        return JSON.readValue(expect(send("GET", "/observations", "after=" + after, null), 200, "read the observations"),
                ObservationsPage.class);
    }

    private HttpResponse<String> send(String method, String path, Object body) throws IOException {
        return send(method, path, null, body);
    }

    /** {@code path} as given, each character a path may not hold quoted by {@link URI}'s constructor (a name's space, '>'). */
    private HttpResponse<String> send(String method, String path, String query, Object body) throws IOException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        URI uri;
        try {
            uri = new URI("http", null, host, port, path, query, null);
        } catch (URISyntaxException e) {
            throw new IOException("not a path: " + path, e);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "application/json").method(method, publisher).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(method + " " + path + ": interrupted", e);
        }
    }

    private static String expect(HttpResponse<String> response, int status, String what) throws Refused {
        if (response.statusCode() != status) {
            throw new Refused(what, response.statusCode(), response.body());
        }
        return response.body();
    }

    private static String proxyPath(String name) {
        return "/proxies/" + segment(name);
    }

    /** A name as one path segment: a '/' in it would make two (URI's constructor keeps '/' as it is). */
    private static String segment(String name) {
        if (name.contains("/")) {
            throw new IllegalArgumentException("a proxy or toxic name cannot hold '/': " + name);
        }
        return name;
    }
}

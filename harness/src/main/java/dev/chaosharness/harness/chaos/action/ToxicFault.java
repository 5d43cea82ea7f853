package dev.chaosharness.harness.chaos.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosharness.faultproxy.toxic.Attribute;
import dev.chaosharness.faultproxy.toxic.HttpToxic;
import dev.chaosharness.faultproxy.toxic.Toxic;
import dev.chaosharness.harness.environment.Environment;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A toxic on each target link for the window: one action per toxic type fault-proxy registers,
 * its attributes as params ({@code 0}, or {@code ""} for a text one, when absent), plus {@code stream} (default downstream) and
 * {@code toxicity} (default 1). Added and removed through Toxiproxy's v2 API as JSON
 * ({@code POST /proxies/{link}/toxics}, {@code DELETE .../toxics/{name}}), so the real Toxiproxy
 * and fault-proxy are driven the same way, and a new toxic in fault-proxy is a profile action at
 * once (the Toxiproxy Java client has a method per standard toxic only).
 */
public final class ToxicFault implements FaultAction {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    private final String type;
    private final List<Attribute> attributes;
    /** Where the toxic acts unless the window says: an HTTP toxic's own stream, else Toxiproxy's default. */
    private final String defaultStream;

    public ToxicFault(Toxic toxic) {
        this.type = toxic.type();
        this.attributes = List.copyOf(toxic.attributes());
        this.defaultStream = toxic instanceof HttpToxic http && http.actsOnRequests() ? "upstream" : "downstream";
    }

    @Override
    public String name() {
        return type;
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.LINK;
    }

    @Override
    public List<Param> params() {
        List<Param> params = new ArrayList<>();
        for (Attribute attribute : attributes) {
            params.add(attribute.isText() ? Param.optional(attribute.name(), Param.Kind.TEXT, "")
                    : Param.optional(attribute.name(), Param.Kind.NON_NEGATIVE_INTEGER, "0"));
        }
        params.add(Param.optional("stream", Param.Kind.STREAM, defaultStream));
        params.add(Param.optional("toxicity", Param.Kind.PROBABILITY, "1.0"));
        return params;
    }

    @Override
    public ActiveFault apply(FaultContext context, List<String> targets, Map<String, String> params) throws IOException {
        URI api = controlApi(context.environment().faultProxy());
        ObjectNode toxic = JSON.createObjectNode()
                .put("name", context.faultName())
                .put("type", type)
                .put("stream", params.get("stream").toLowerCase())
                .put("toxicity", Double.parseDouble(params.get("toxicity")));
        ObjectNode values = toxic.putObject("attributes");
        for (Attribute attribute : attributes) {
            String value = params.get(attribute.name());
            if (attribute.isText()) {
                values.put(attribute.name(), value);
            } else {
                values.put(attribute.name(), Long.parseLong(value));
            }
        }
        List<URI> added = new ArrayList<>();
        try {
            for (String link : targets) {
                String proxy = context.environment().proxyName(link);
                URI toxics = api.resolve("/proxies/" + segment(proxy) + "/toxics");
                send(HttpRequest.newBuilder(toxics).POST(HttpRequest.BodyPublishers.ofString(toxic.toString())), 200,
                        "add the " + type + " toxic to " + link);
                added.add(api.resolve("/proxies/" + segment(proxy) + "/toxics/" + segment(context.faultName())));
            }
        } catch (IOException | RuntimeException e) {
            removeAll(added);
            throw e;
        }
        return () -> removeAll(added);
    }

    /** Removes each toxic; one already gone (its proxy reset or deleted) is no error. */
    private static void removeAll(List<URI> toxics) throws IOException {
        IOException first = null;
        for (URI toxic : toxics) {
            try {
                HttpResponse<String> response = send(HttpRequest.newBuilder(toxic).DELETE(), -1, "remove " + toxic.getPath());
                if (response.statusCode() != 204 && response.statusCode() != 404) {
                    throw new IOException("remove " + toxic.getPath() + ": HTTP " + response.statusCode() + " " + response.body());
                }
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, int expected, String what) throws IOException {
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.timeout(TIMEOUT).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + ": interrupted", e);
        }
        if (expected > 0 && response.statusCode() != expected) {
            throw new IOException(what + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    private static URI controlApi(Environment.FaultProxyAddress proxy) {
        return URI.create("http://" + proxy.host() + ":" + proxy.port());
    }

    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

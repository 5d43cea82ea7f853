package dev.chaosharness.harness.chaos.action;

import dev.chaosharness.faultproxy.api.ToxicState;
import dev.chaosharness.faultproxy.toxic.Attribute;
import dev.chaosharness.faultproxy.toxic.HttpToxic;
import dev.chaosharness.faultproxy.toxic.Toxic;
import dev.chaosharness.harness.proxy.FaultProxyClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A toxic on each target link for the window: one action per toxic type fault-proxy registers,
 * its attributes as params ({@code 0}, or {@code ""} for a text one, when absent), plus {@code stream} (default downstream) and
 * {@code toxicity} (default 1). Added and removed through Toxiproxy's v2 API
 * ({@link FaultProxyClient}), so the real Toxiproxy and fault-proxy are driven the same way, and a
 * new toxic in fault-proxy is a profile action at once.
 */
public final class ToxicFault implements FaultAction {

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
        Map<String, Object> values = new LinkedHashMap<>();
        for (Attribute attribute : attributes) {
            String value = params.get(attribute.name());
            values.put(attribute.name(), attribute.isText() ? value : (Object) Long.parseLong(value));
        }
        ToxicState toxic = new ToxicState(context.faultName(), type,
                params.get("stream").toLowerCase(), Float.parseFloat(params.get("toxicity")), values);
        List<String> added = new ArrayList<>();
        try {
            for (String link : targets) {
                String proxy = context.environment().proxyName(link);
                context.proxy().addToxic(proxy, toxic);
                added.add(proxy);
            }
        } catch (IOException | RuntimeException e) {
            removeAll(context.proxy(), added, toxic.name());
            throw e;
        }
        return () -> removeAll(context.proxy(), added, toxic.name());
    }

    /** Removes the toxic from each proxy; one already gone (its proxy reset or deleted) is no error. */
    private static void removeAll(FaultProxyClient client, List<String> proxies, String toxic) throws IOException {
        IOException first = null;
        for (String proxy : proxies) {
            try {
                client.removeToxic(proxy, toxic);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

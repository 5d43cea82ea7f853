package dev.chaosharness.harness.chaos.action;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.ToxicList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Toxiproxy toxic on each target link for the window, added and removed with the official
 * Toxiproxy Java client, so the real Toxiproxy and the harness's fault proxy are driven the same
 * way. Parameters: the toxic's attributes as Toxiproxy's v2 API names them (0 when absent),
 * {@code stream} (default downstream) and {@code toxicity} (default 1).
 */
public final class ToxicFault implements FaultAction {

    /** Toxiproxy's toxic types, each with its attributes and the client call that adds it. */
    public enum Type {
        LATENCY("latency", List.of("latency", "jitter"),
                (toxics, name, stream, p) -> toxics.latency(name, stream, p.get("latency")).setJitter(p.get("jitter"))),
        BANDWIDTH("bandwidth", List.of("rate"), (toxics, name, stream, p) -> toxics.bandwidth(name, stream, p.get("rate"))),
        SLOW_CLOSE("slow_close", List.of("delay"),
                (toxics, name, stream, p) -> toxics.slowClose(name, stream, p.get("delay"))),
        TIMEOUT("timeout", List.of("timeout"), (toxics, name, stream, p) -> toxics.timeout(name, stream, p.get("timeout"))),
        RESET_PEER("reset_peer", List.of("timeout"),
                (toxics, name, stream, p) -> toxics.resetPeer(name, stream, p.get("timeout"))),
        SLICER("slicer", List.of("average_size", "size_variation", "delay"),
                (toxics, name, stream, p) -> toxics.slicer(name, stream, p.get("average_size"), p.get("delay"))
                        .setSizeVariation(p.get("size_variation"))),
        LIMIT_DATA("limit_data", List.of("bytes"), (toxics, name, stream, p) -> toxics.limitData(name, stream, p.get("bytes")));

        private final String apiName;
        private final List<String> attributes;
        private final Creator creator;

        Type(String apiName, List<String> attributes, Creator creator) {
            this.apiName = apiName;
            this.attributes = attributes;
            this.creator = creator;
        }

        public String apiName() {
            return apiName;
        }

        public List<String> attributes() {
            return attributes;
        }
    }

    @FunctionalInterface
    private interface Creator {
        Toxic create(ToxicList toxics, String name, ToxicDirection stream, Map<String, Long> attributes) throws IOException;
    }

    private final Type type;

    public ToxicFault(Type type) {
        this.type = type;
    }

    @Override
    public String name() {
        return type.apiName();
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.LINK;
    }

    @Override
    public List<Param> params() {
        List<Param> params = new ArrayList<>();
        for (String attribute : type.attributes()) {
            params.add(Param.optional(attribute, Param.Kind.NON_NEGATIVE_INTEGER, "0"));
        }
        params.add(Param.optional("stream", Param.Kind.STREAM, "downstream"));
        params.add(Param.optional("toxicity", Param.Kind.PROBABILITY, "1.0"));
        return params;
    }

    @Override
    public ActiveFault apply(FaultContext context, List<String> targets, Map<String, String> params) throws IOException {
        List<Toxic> added = new ArrayList<>();
        ToxicDirection direction = ToxicDirection.valueOf(params.get("stream").toUpperCase());
        Map<String, Long> attributes = new HashMap<>();
        type.attributes().forEach(attribute -> attributes.put(attribute, Long.parseLong(params.get(attribute))));
        try {
            for (String link : targets) {
                Proxy proxy = context.toxiproxy().getProxy(link);
                Toxic toxic = type.creator.create(proxy.toxics(), context.faultName(), direction, attributes);
                toxic.setToxicity(Float.parseFloat(params.get("toxicity")));
                added.add(toxic);
            }
        } catch (IOException | RuntimeException e) {
            removeAll(added);
            throw e;
        }
        return () -> removeAll(added);
    }

    private static void removeAll(List<Toxic> toxics) throws IOException {
        IOException first = null;
        for (Toxic toxic : toxics) {
            try {
                toxic.remove();
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("[404]")) {
                    first = first == null ? e : first;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

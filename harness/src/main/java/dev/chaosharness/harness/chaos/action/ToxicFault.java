package dev.chaosharness.harness.chaos.action;

import dev.chaosharness.faultproxy.toxic.ToxicTypes;
import dev.chaosharness.harness.chaos.FaultAction;
import dev.chaosharness.harness.chaos.FaultContext;
import dev.chaosharness.harness.chaos.Param;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.ToxicList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Toxiproxy toxic on each target link for the window, added and removed with the official
 * Toxiproxy Java client. Parameters: the toxic's attributes (0 when absent), {@code stream}
 * (default downstream) and {@code toxicity} (default 1).
 */
public final class ToxicFault implements FaultAction {

    private final String type;

    public ToxicFault(String type) {
        this.type = type;
        ToxicTypes.byName(type).orElseThrow(() -> new IllegalArgumentException("no toxic type " + type));
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
        for (String attribute : ToxicTypes.byName(type).orElseThrow().attributeNames()) {
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
        try {
            for (String link : targets) {
                Proxy proxy = context.toxiproxy().getProxy(link);
                Toxic toxic = create(proxy.toxics(), context.faultName(), direction, params);
                toxic.setToxicity(Float.parseFloat(params.get("toxicity")));
                added.add(toxic);
            }
        } catch (IOException | RuntimeException e) {
            removeAll(added);
            throw e;
        }
        return () -> removeAll(added);
    }

    private Toxic create(ToxicList toxics, String name, ToxicDirection direction, Map<String, String> p) throws IOException {
        return switch (type) {
            case "latency" -> toxics.latency(name, direction, num(p, "latency")).setJitter(num(p, "jitter"));
            case "bandwidth" -> toxics.bandwidth(name, direction, num(p, "rate"));
            case "slow_close" -> toxics.slowClose(name, direction, num(p, "delay"));
            case "timeout" -> toxics.timeout(name, direction, num(p, "timeout"));
            case "reset_peer" -> toxics.resetPeer(name, direction, num(p, "timeout"));
            case "slicer" -> toxics.slicer(name, direction, num(p, "average_size"), num(p, "delay"))
                    .setSizeVariation(num(p, "size_variation"));
            case "limit_data" -> toxics.limitData(name, direction, num(p, "bytes"));
            default -> throw new IllegalStateException("the Toxiproxy client has no call for toxic type " + type);
        };
    }

    private static long num(Map<String, String> params, String name) {
        return Long.parseLong(params.get(name));
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

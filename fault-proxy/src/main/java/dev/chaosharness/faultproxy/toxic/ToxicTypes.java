package dev.chaosharness.faultproxy.toxic;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every toxic type the proxy knows, by its API name. A new toxic is one class and one line here:
 * the harness offers each type here as a profile action of the same name, its attributes as params
 * ({@code ToxicFault}). Two types of one name are refused when the class loads.
 */
public final class ToxicTypes {

    private static final Map<String, Toxic> TYPES = register(Stream.of(
                    new LatencyToxic(),
                    new BandwidthToxic(),
                    new SlowCloseToxic(),
                    new TimeoutToxic(),
                    new ResetPeerToxic(),
                    new SlicerToxic(),
                    new LimitDataToxic(),
                    new NoopToxic(),
                    new HttpStatusToxic(),
                    new HttpDelayToxic(),
                    new HttpResetAfterRequestToxic()));

    private ToxicTypes() {
    }

    public static Optional<Toxic> byName(String type) {
        return Optional.ofNullable(type == null ? null : TYPES.get(type));
    }

    /** Every type, by name. */
    public static List<Toxic> all() {
        return List.copyOf(TYPES.values());
    }

    private static Map<String, Toxic> register(Stream<Toxic> toxics) {
        Map<String, Toxic> byName = new TreeMap<>();
        toxics.forEach(toxic -> {
            if (byName.putIfAbsent(toxic.type(), toxic) != null) {
                throw new IllegalStateException("two toxic types named '" + toxic.type() + "'");
            }
        });
        return java.util.Collections.unmodifiableMap(byName);
    }
}

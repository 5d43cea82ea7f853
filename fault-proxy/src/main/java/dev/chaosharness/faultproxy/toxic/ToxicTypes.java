package dev.chaosharness.faultproxy.toxic;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every toxic type the proxy knows, by its API name. A new toxic is one class and one line here. */
public final class ToxicTypes {

    private static final Map<String, Toxic> TYPES = Stream.of(
                    new LatencyToxic(),
                    new BandwidthToxic(),
                    new SlowCloseToxic(),
                    new TimeoutToxic(),
                    new ResetPeerToxic(),
                    new SlicerToxic(),
                    new LimitDataToxic(),
                    new NoopToxic())
            .collect(Collectors.toUnmodifiableMap(Toxic::type, Function.identity()));

    private ToxicTypes() {
    }

    public static Optional<Toxic> byName(String type) {
        return Optional.ofNullable(type == null ? null : TYPES.get(type));
    }
}

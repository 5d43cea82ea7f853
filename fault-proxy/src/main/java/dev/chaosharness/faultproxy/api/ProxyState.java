package dev.chaosharness.faultproxy.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A proxy as Toxiproxy's API shows it ({@code GET /proxies/{name}}, and each entry of
 * {@code GET /proxies}): written by fault-proxy, read by its clients.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProxyState(String name, String listen, String upstream, boolean enabled, List<ToxicState> toxics) {

    public ProxyState {
        toxics = toxics == null ? List.of() : List.copyOf(toxics);
    }
}

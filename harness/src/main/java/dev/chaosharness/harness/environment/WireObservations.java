package dev.chaosharness.harness.environment;

import dev.chaosharness.faultproxy.observe.HttpExchange;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistorySink;
import java.util.Map;

/** The fault proxy's observations of HTTP links, as history events (embedded or read from its control API). */
public final class WireObservations {

    private WireObservations() {
    }

    public static HistoryEvent.HttpExchangeObserved event(HttpExchange e) {
        return new HistoryEvent.HttpExchangeObserved(e.answered() ? e.responseAtMs() : e.requestAtMs(), e.link(),
                e.method(), e.target(), e.budgetHeader(), e.budgetMs(), e.correlationId(), e.requestAtMs(),
                e.responseAtMs(), e.status());
    }

    /** One event per link whose bytes could not all be followed. */
    public static void recordUnparsed(Map<String, Long> unparsedByLink, HistorySink history) {
        long now = System.currentTimeMillis();
        unparsedByLink.forEach((link, count) -> history.append(new HistoryEvent.WireUnparsed(now, link, count)));
    }
}

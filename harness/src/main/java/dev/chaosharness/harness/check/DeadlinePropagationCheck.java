package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether the caller's deadline travelled downstream and was honoured:
 * <ul>
 *   <li>late: every order response came within its budget + {@code graceMs} (a client timeout counts as late);</li>
 *   <li>not propagated: payment received less budget than order-service had left when it called;</li>
 *   <li>orphans: no payment authorized or captured for an order whose client got a non-2xx or no answer;</li>
 *   <li>retries: payment calls per order at most 1 + {@code retryBudget}.</li>
 * </ul>
 */
public final class DeadlinePropagationCheck implements Check {

    public static final String NAME = "DeadlinePropagationCheck";
    private static final int MAX_EVIDENCE_PER_KIND = 10;

    private final long graceMs;
    private final int retryBudget;

    public DeadlinePropagationCheck(long graceMs, int retryBudget) {
        this.graceMs = graceMs;
        this.retryBudget = retryBudget;
    }

    public DeadlinePropagationCheck() {
        this(100, 0);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        String threshold = "responses <= budget + " + graceMs + " ms, payment budget <= order's remaining, "
                + "0 orphan payments, payment calls per order <= " + (1 + retryBudget);
        List<HistoryEvent.RequestCompleted> requests = run.requests();
        long loadStart = run.loadStartMs().orElse(Long.MIN_VALUE);
        // Orders before the load (the warm-up) are not the load's: no client of the load saw them.
        List<HistoryEvent.BudgetObserved> budgets = run.all(HistoryEvent.BudgetObserved.class).stream()
                .filter(b -> b.atMs() >= loadStart).toList();
        if (requests.isEmpty() || budgets.isEmpty()) {
            return List.of(CheckResult.unknown(NAME, "order->payment", threshold,
                    "no requests or no budget observations in the history"));
        }
        Map<String, HistoryEvent.BudgetObserved> atOrder = budgets.stream().filter(b -> b.instance().startsWith("order"))
                .collect(Collectors.toMap(HistoryEvent.BudgetObserved::orderId, b -> b, (a, b) -> a));
        Map<String, List<HistoryEvent.BudgetObserved>> atPayment = budgets.stream()
                .filter(b -> b.instance().startsWith("payment"))
                .collect(Collectors.groupingBy(HistoryEvent.BudgetObserved::orderId));
        Set<String> captured = run.records("payments").stream().map(c -> RunView.text(c.value(), "orderId"))
                .collect(Collectors.toSet());

        List<Map<String, Object>> evidence = new ArrayList<>();
        long late = 0;
        long worstOverMs = Long.MIN_VALUE;
        for (HistoryEvent.RequestCompleted request : requests) {
            long overMs = request.latencyMs() - request.budgetMs();
            worstOverMs = Math.max(worstOverMs, overMs);
            if (request.status() == 0 || overMs > graceMs) {
                late++;
                add(evidence, "late", Map.of("orderId", String.valueOf(request.orderId()), "status", request.status(),
                        "latencyMs", request.latencyMs(), "budgetMs", request.budgetMs()));
            }
        }
        long notPropagated = 0;
        for (Map.Entry<String, List<HistoryEvent.BudgetObserved>> entry : atPayment.entrySet()) {
            HistoryEvent.BudgetObserved order = atOrder.get(entry.getKey());
            for (HistoryEvent.BudgetObserved payment : entry.getValue()) {
                long allowed = order == null ? Long.MAX_VALUE : order.budgetReceivedMs() - order.elapsedBeforeCallMs();
                if (payment.budgetReceivedMs() < 0 || payment.budgetReceivedMs() > allowed) {
                    notPropagated++;
                    add(evidence, "budget not propagated", Map.of("orderId", entry.getKey(), "paymentInstance", payment.instance(),
                            "paymentReceivedMs", payment.budgetReceivedMs(),
                            "orderRemainingMs", order == null ? -1 : allowed));
                }
            }
        }
        Set<String> failedForClient = requests.stream().filter(r -> r.status() != 201 && r.orderId() != null)
                .map(HistoryEvent.RequestCompleted::orderId).collect(Collectors.toSet());
        // A client that got no answer never learned the orderId: an order order-service placed that
        // no client was told about (201) is one its client saw fail.
        Set<String> clientSawFail = new HashSet<>(failedForClient);
        atOrder.values().stream().filter(o -> !o.outcome().equals("PLACED") || noClientSawItPlaced(o, requests))
                .map(HistoryEvent.BudgetObserved::orderId).forEach(clientSawFail::add);
        long orphans = 0;
        for (String orderId : clientSawFail) {
            boolean granted = atPayment.getOrDefault(orderId, List.of()).stream().anyMatch(p -> p.outcome().equals("GRANTED"));
            if (granted || captured.contains(orderId)) {
                orphans++;
                add(evidence, "orphan payment", Map.of("orderId", orderId, "authorized", granted, "captured",
                        captured.contains(orderId)));
            }
        }
        long overRetried = atPayment.values().stream().filter(calls -> calls.size() > 1 + retryBudget).count();
        boolean fail = late > 0 || notPropagated > 0 || orphans > 0 || overRetried > 0;
        String measured = late + " late of " + requests.size() + " (worst " + Math.abs(worstOverMs) + " ms "
                + (worstOverMs > 0 ? "over" : "under") + " budget), "
                + notPropagated + " calls without the remaining budget, " + orphans + " orphan payments, "
                + overRetried + " orders called more than " + (1 + retryBudget) + " times";
        String summary = fail ? "the deadline was not honoured end to end" : "every order answered within its budget; "
                + "payment never worked for a caller that had given up";
        return List.of(new CheckResult(NAME, "order->payment", fail ? Verdict.FAIL : Verdict.PASS, measured, threshold,
                summary, evidence));
    }

    /**
     * No request of the load was answered 201 for this order: its client got another status, no
     * answer at all, or never learned the orderId, so it does not know the order exists.
     */
    private boolean noClientSawItPlaced(HistoryEvent.BudgetObserved order, List<HistoryEvent.RequestCompleted> requests) {
        return requests.stream().noneMatch(r -> order.orderId().equals(r.orderId()) && r.status() == 201);
    }

    /** At most {@value #MAX_EVIDENCE_PER_KIND} examples of each kind, so every kind of violation shows. */
    private static void add(List<Map<String, Object>> evidence, String kind, Map<String, Object> fields) {
        if (evidence.stream().filter(e -> kind.equals(e.get("kind"))).count() < MAX_EVIDENCE_PER_KIND) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", kind);
            entry.putAll(fields);
            evidence.add(entry);
        }
    }
}

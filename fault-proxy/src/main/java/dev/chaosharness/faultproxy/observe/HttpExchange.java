package dev.chaosharness.faultproxy.observe;

/**
 * One HTTP/1.1 request and its response as the proxy saw them on a link: the request line,
 * the first budget header found and its value ({@code budgetHeader} null when none), the
 * correlation id (a {@code traceparent}'s trace id, or the value of another configured header),
 * when the request's first byte arrived and when the response's first byte left toward the
 * caller (epoch ms), and the status ({@code 0} when the connection ended before a response).
 */
public record HttpExchange(String link, String method, String target, String budgetHeader, String budgetValue,
                           String correlationHeader, String correlationId, long requestAtMs, long responseAtMs,
                           int status) {

    /** The budget in whole milliseconds, or -1 when none came or it was not a number. */
    public long budgetMs() {
        if (budgetValue == null) {
            return -1;
        }
        try {
            return Math.round(Double.parseDouble(budgetValue.trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The same exchange, named after the link it carries (a proxy someone else named). */
    public HttpExchange onLink(String name) {
        return new HttpExchange(name, method, target, budgetHeader, budgetValue, correlationHeader, correlationId,
                requestAtMs, responseAtMs, status);
    }

    public boolean answered() {
        return status > 0;
    }
}

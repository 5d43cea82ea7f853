package dev.chaosharness.harness.history.compact;

import dev.chaosharness.harness.history.HistoryEvent.HttpExchangeObserved;

/**
 * {@code http-exchange}: 4 longs (at, budget, request at, response at), 6 ints (link, method,
 * target, budget header, correlation, status).
 */
public final class ExchangeCodec implements RowCodec<HttpExchangeObserved> {

    public static final int LINK = 0;
    public static final int METHOD = 1;
    public static final int TARGET = 2;
    public static final int STATUS = 5;
    public static final int RESPONSE_AT = 3;
    public static final int BUDGET_HEADER = 3;
    public static final int CORRELATION = 4;
    public static final int BUDGET = 1;
    public static final int REQUEST_AT = 2;

    @Override
    public int intColumns() {
        return 6;
    }

    @Override
    public int longColumns() {
        return 4;
    }

    @Override
    public void encode(HttpExchangeObserved e, Row row, Ids ids) {
        row.setLong(0, e.atMs());
        row.setLong(1, e.budgetMs());
        row.setLong(2, e.requestAtMs());
        row.setLong(3, e.responseAtMs());
        row.setInt(0, ids.id(e.link()));
        row.setInt(1, ids.id(e.method()));
        row.setInt(2, ids.id(e.target()));
        row.setInt(3, ids.id(e.budgetHeader()));
        row.setInt(4, ids.id(e.correlationId()));
        row.setInt(5, e.status());
    }

    @Override
    public HttpExchangeObserved decode(Row row, Ids ids) {
        return new HttpExchangeObserved(row.getLong(0), ids.text(row.getInt(0)), ids.text(row.getInt(1)),
                ids.text(row.getInt(2)), ids.text(row.getInt(3)), row.getLong(1), ids.text(row.getInt(4)),
                row.getLong(2), row.getLong(3), row.getInt(5));
    }
}

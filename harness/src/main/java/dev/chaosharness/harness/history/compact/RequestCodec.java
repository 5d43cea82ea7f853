package dev.chaosharness.harness.history.compact;

import dev.chaosharness.harness.history.HistoryEvent.RequestCompleted;

/** {@code request}: 4 longs (at, start, latency, budget), 5 ints (status, success, ids of correlation, error, request). */
public final class RequestCodec implements RowCodec<RequestCompleted> {

    public static final int STATUS = 0;
    public static final int SUCCESS = 1;
    public static final int CORRELATION = 2;
    public static final int ERROR = 3;
    public static final int REQUEST_ID = 4;
    public static final int AT = 0;
    public static final int START = 1;
    public static final int LATENCY = 2;
    public static final int BUDGET = 3;

    @Override
    public int intColumns() {
        return 5;
    }

    @Override
    public int longColumns() {
        return 4;
    }

    @Override
    public void encode(RequestCompleted r, Row row, Ids ids) {
        row.setLong(AT, r.atMs());
        row.setLong(START, r.startMs());
        row.setLong(LATENCY, r.latencyMs());
        row.setLong(BUDGET, r.budgetMs());
        row.setInt(STATUS, r.status());
        row.setInt(SUCCESS, r.success() ? 1 : 0);
        row.setInt(CORRELATION, ids.id(r.correlationId()));
        row.setInt(ERROR, ids.id(r.error()));
        row.setInt(REQUEST_ID, ids.id(r.requestId()));
    }

    @Override
    public RequestCompleted decode(Row row, Ids ids) {
        return new RequestCompleted(row.getLong(AT), row.getLong(START), row.getLong(LATENCY), row.getInt(STATUS),
                row.getInt(SUCCESS) == 1, row.getLong(BUDGET), ids.text(row.getInt(CORRELATION)),
                ids.text(row.getInt(ERROR)), ids.text(row.getInt(REQUEST_ID)));
    }
}

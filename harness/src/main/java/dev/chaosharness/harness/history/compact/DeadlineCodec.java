package dev.chaosharness.harness.history.compact;

import dev.chaosharness.harness.history.HistoryEvent.DeadlineObserved;

/** {@code deadline-observed}: 4 longs (at, received, sent, elapsed), 4 ints (instance, correlation, flags, outcome). */
public final class DeadlineCodec implements RowCodec<DeadlineObserved> {

    public static final int INSTANCE = 0;
    public static final int CORRELATION = 1;
    public static final int FLAGS = 2;
    public static final int OUTCOME = 3;
    public static final int AT = 0;
    public static final int RECEIVED = 1;
    public static final int ELAPSED = 3;
    public static final int DONE = 1;
    public static final int UNDONE = 2;

    @Override
    public int intColumns() {
        return 4;
    }

    @Override
    public int longColumns() {
        return 4;
    }

    @Override
    public void encode(DeadlineObserved d, Row row, Ids ids) {
        row.setLong(0, d.atMs());
        row.setLong(1, d.budgetReceivedMs());
        row.setLong(2, d.budgetSentMs());
        row.setLong(3, d.elapsedBeforeCallMs());
        row.setInt(INSTANCE, ids.id(d.instance()));
        row.setInt(CORRELATION, ids.id(d.correlationId()));
        row.setInt(FLAGS, (d.done() ? DONE : 0) | (d.undone() ? UNDONE : 0));
        row.setInt(OUTCOME, ids.id(d.outcome()));
    }

    @Override
    public DeadlineObserved decode(Row row, Ids ids) {
        int flags = row.getInt(FLAGS);
        return new DeadlineObserved(row.getLong(0), ids.text(row.getInt(INSTANCE)), ids.text(row.getInt(CORRELATION)),
                row.getLong(1), row.getLong(2), row.getLong(3), (flags & DONE) != 0, (flags & UNDONE) != 0,
                ids.text(row.getInt(OUTCOME)));
    }
}

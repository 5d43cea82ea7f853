package dev.chaosharness.harness.check;

import java.nio.IntBuffer;
import dev.chaosharness.harness.spec.DeadlineSubject;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.compact.CompactEvents;
import dev.chaosharness.harness.history.compact.DeadlineCodec;
import dev.chaosharness.harness.history.compact.Ids;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * One link's deadline lines (those written from the load's start on), read once from their
 * compact rows and kept per correlation id as arrays and bit sets over {@link Ids#index}: a few
 * bytes a request, where maps of events took hundreds.
 */
final class DeadlineLines {

    final CompactEvents<HistoryEvent.DeadlineObserved> rows;
    /** The caller's first line per id, as row + 1 (0: none). */
    final IntBuffer callerRow;
    /** The callee's lines per id that undid nothing. */
    final IntBuffer calleeCalls;
    /** Ids the callee did the work for (a line with {@code done}, not an undo). */
    final BitSet calleeDone = new BitSet();
    /** Ids the callee undid work for. */
    final BitSet compensated = new BitSet();
    final long loadStartMs;
    private final Map<Integer, Boolean> callerInstances = new HashMap<>();
    private final Map<Integer, Boolean> calleeInstances = new HashMap<>();
    private final DeadlineSubject subject;
    boolean anyCaller;

    DeadlineLines(RunView run, DeadlineSubject subject) {
        this.subject = subject;
        this.rows = run.deadlines();
        // Lines before the load (the warm-up) are not the load's: no client of the load saw them.
        this.loadStartMs = run.loadStartMs().orElse(Long.MIN_VALUE);
        int bound = run.ids().indexBound();
        callerRow = run.ids().intsPerId();
        calleeCalls = run.ids().intsPerId();
        for (int i = 0; i < rows.size(); i++) {
            int id = rows.intAt(i, DeadlineCodec.CORRELATION);
            if (!ofLoad(i) || id == Ids.NONE) {
                continue;
            }
            int index = Ids.index(id);
            int flags = rows.intAt(i, DeadlineCodec.FLAGS);
            if (atCaller(i) && callerRow.get(index) == 0) {
                callerRow.put(index, i + 1);
                anyCaller = true;
            }
            if (atCallee(i)) {
                if ((flags & DeadlineCodec.UNDONE) != 0) {
                    compensated.set(index);
                } else {
                    calleeCalls.put(index, calleeCalls.get(index) + 1);
                    if ((flags & DeadlineCodec.DONE) != 0) {
                        calleeDone.set(index);
                    }
                }
            }
        }
    }

    boolean ofLoad(int row) {
        return rows.longAt(row, DeadlineCodec.AT) >= loadStartMs;
    }

    boolean atCaller(int row) {
        return callerInstances.computeIfAbsent(rows.intAt(row, DeadlineCodec.INSTANCE),
                id -> DeadlineSubject.isInstanceOf(rows.ids().text(id), subject.caller()));
    }

    boolean atCallee(int row) {
        return calleeInstances.computeIfAbsent(rows.intAt(row, DeadlineCodec.INSTANCE),
                id -> DeadlineSubject.isInstanceOf(rows.ids().text(id), subject.callee()));
    }

    boolean undone(int row) {
        return (rows.intAt(row, DeadlineCodec.FLAGS) & DeadlineCodec.UNDONE) != 0;
    }

    boolean done(int row) {
        return (rows.intAt(row, DeadlineCodec.FLAGS) & DeadlineCodec.DONE) != 0;
    }
}

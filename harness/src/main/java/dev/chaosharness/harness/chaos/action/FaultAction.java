package dev.chaosharness.harness.chaos.action;

import java.util.List;
import java.util.Map;

/**
 * One kind of fault a profile can schedule. A new action is one class implementing this and one
 * line in {@link FaultActions}.
 */
public interface FaultAction {

    /** What acts are aimed at. */
    enum TargetKind { LINK, INSTANCE }

    /** The name used in profiles, e.g. {@code latency}, {@code kill}. */
    String name();

    TargetKind targetKind();

    /** Every parameter it accepts; any other is an error in the profile. */
    List<Param> params();

    /** Starts the fault on the targets; the returned handle ends it. */
    ActiveFault apply(FaultContext context, List<String> targets, Map<String, String> params) throws Exception;

    /**
     * A fault in progress. {@link #rollback()} ends it when its window ends, at once and more than
     * once if need be; {@link #recover()} then brings back what the fault took away (a killed
     * instance started again and awaited until ready), after the window has ended, so the window
     * keeps its declared length however long the recovery takes.
     */
    interface ActiveFault {
        void rollback() throws Exception;

        default void recover() throws Exception {
        }
    }
}

package pavel.server.space;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the spaces, for {@code /metrics} and the tests. Thread-safe. */
public final class SpaceMetrics {
    private final LongAdder opsApplied = new LongAdder();
    private final LongAdder resyncs = new LongAdder();
    private final LongAdder catchUps = new LongAdder();
    private final LongAdder replicaChecks = new LongAdder();
    private final LongAdder replicaMismatches = new LongAdder();

    void applied() {
        opsApplied.increment();
    }

    void resynced() {
        resyncs.increment();
    }

    void caughtUp() {
        catchUps.increment();
    }

    void checked() {
        replicaChecks.increment();
    }

    void mismatched() {
        replicaMismatches.increment();
    }

    /** Ops applied to any space. */
    public long opsApplied() {
        return opsApplied.sum();
    }

    /** Whole documents sent to sessions that were out of step (joins not counted). */
    public long resyncs() {
        return resyncs.sum();
    }

    /** Returning sessions sent only the ops they missed. */
    public long catchUps() {
        return catchUps.sum();
    }

    /** Replica checks answered. */
    public long replicaChecks() {
        return replicaChecks.sum();
    }

    /** Replica checks whose hash differed from the server's: each is a bug somewhere, and got a resync. */
    public long replicaMismatches() {
        return replicaMismatches.sum();
    }
}

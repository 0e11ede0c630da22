package pavel.server.session;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of PTTH traffic for {@code /metrics}: exchanges completed and failed, responses by status class,
 * exchanges in flight and requests dropped by overflows. Gauges of sessions and queue depth come from
 * {@link SessionRegistry#snapshot()}. Thread-safe (LongAdders).
 */
public final class PtthMetrics {

    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder inFlight = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder[] byClass = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
        new LongAdder(), new LongAdder()};

    void completed(int status) {
        completed.increment();
        byClass[Math.clamp(status / 100, 0, 5)].increment();
    }

    void recordFailure() {
        failed.increment();
    }

    void inFlight(int delta) {
        inFlight.add(delta);
    }

    void dropped(int requests) {
        dropped.add(requests);
    }

    /** Exchanges answered by a client. */
    public long completed() {
        return completed.sum();
    }

    /** Exchanges that ended without an answer (timeout, overflow, session gone). */
    public long failed() {
        return failed.sum();
    }

    /** Requests handed to a connection or a poll and not yet answered. */
    public long inFlight() {
        return inFlight.sum();
    }

    /** Requests dropped by queue overflows. */
    public long dropped() {
        return dropped.sum();
    }

    /** Answers with a status of class {@code n}xx ({@code n} from 1 to 5). */
    public long statusClass(int n) {
        return byClass[Math.clamp(n, 0, 5)].sum();
    }
}

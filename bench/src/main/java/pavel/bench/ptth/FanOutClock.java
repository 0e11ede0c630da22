package pavel.bench.ptth;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import pavel.replica.ReplicaListener;

/**
 * Fan-out times in the load generator: when the REST request that produces version {@code v} was sent, and when each
 * session's replica reached {@code v}. A listener of every session's {@code SpaceReplicas}; the replicas tell it
 * after applying an op and before the session answers it.
 *
 * <p>Thread-safe: replicas report from their event loops or handler threads while one thread sends.
 */
final class FanOutClock implements ReplicaListener {

    private final Map<Long, Round> rounds = new ConcurrentHashMap<>();
    private final LongAdder changes = new LongAdder();

    /**
     * Starts timing version {@code version}, expected at {@code sessions} replicas; call it just before sending the
     * request that produces it.
     */
    Round begin(long version, int sessions) {
        Round round = new Round(sessions);
        rounds.put(version, round);
        return round;
    }

    /** Stops timing {@code version}: later arrivals are not counted. */
    void end(long version) {
        rounds.remove(version);
    }

    /** Changes reported so far, whatever their version (joins and resyncs included). */
    long changes() {
        return changes.sum();
    }

    @Override
    public void changed(String space, long version) {
        long now = System.nanoTime();
        changes.increment();
        Round round = rounds.get(version);
        if (round != null) {
            round.arrived(now);
        }
    }

    /** One version on its way to every session. */
    static final class Round {
        private final long sent = System.nanoTime();
        private final long[] nanos;
        private final AtomicInteger arrived = new AtomicInteger();
        private final CountDownLatch all;

        private Round(int sessions) {
            this.nanos = new long[sessions];
            this.all = new CountDownLatch(sessions);
        }

        private void arrived(long now) {
            int slot = arrived.getAndIncrement();
            if (slot < nanos.length) {
                nanos[slot] = now - sent;
                all.countDown();
            }
        }

        /** Waits until every session has the version, at most {@code millis}; true if all do. */
        boolean await(long millis) throws InterruptedException {
            return all.await(millis, TimeUnit.MILLISECONDS);
        }

        /** Sessions that had it (so far). */
        int count() {
            return Math.min(arrived.get(), nanos.length);
        }

        /** Send-to-replica times of the sessions that had it, in nanoseconds. */
        long[] nanos() {
            return Arrays.copyOf(nanos, count());
        }
    }
}

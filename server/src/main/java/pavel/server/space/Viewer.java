package pavel.server.space;

import java.util.concurrent.atomic.AtomicInteger;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.session.Session;

/**
 * One session's view of one space: sends it the space's ops in order and tells the space when one failed, so that
 * the session gets the whole document again. Its fields are written under the space's writer lock.
 */
final class Viewer {
    /** Consecutive whole documents that failed; after this many the next failing op tries again. */
    static final int MAX_RESYNC_ATTEMPTS = 3;

    final Session session;
    private final Space space;
    /** Failures of ops up to this version are already covered by a whole document sent after them. */
    private volatile long floor = -1;
    final AtomicInteger failedResyncs = new AtomicInteger();

    Viewer(Session session, Space space) {
        this.session = session;
        this.space = space;
    }

    /** Sends an op that produces {@code version}; a failure is handed to the space. */
    void send(ReverseRequest op, long version) {
        session.send(op).whenComplete((response, error) -> {
            if (error != null || !isSuccess(response)) {
                space.failed(this, version, describe(response, error));
            }
        });
    }

    /** Sends a whole document at {@code version}; from now on, failures of older ops are moot. */
    void sendWhole(ReverseRequest whole, long version) {
        floor = version;
        session.send(whole).whenComplete((response, error) -> {
            if (error != null || !isSuccess(response)) {
                space.wholeFailed(this, version, describe(response, error));
            } else {
                failedResyncs.set(0);
            }
        });
    }

    long floor() {
        return floor;
    }

    private static boolean isSuccess(ReverseResponse response) {
        return response.status() >= 200 && response.status() < 300;
    }

    private static String describe(ReverseResponse response, Throwable error) {
        return error != null ? String.valueOf(error.getMessage()) : "answered " + response.status();
    }

    @Override
    public String toString() {
        return session + " on " + space.name();
    }
}

package pavel.server.space;

import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.session.Session;

/**
 * One session's view of one space: sends it the space's ops in order and tells the space when one failed, so that
 * the session gets the whole document again.
 *
 * <p>While a whole document is on its way, the viewer is <em>resyncing</em>: ops are not sent (they would only pile
 * up behind it in a slow session's queue); once the client has answered it, the space sends what came since from
 * its log. So a slow client gets the document at its own pace instead of overflowing again and again. The fields
 * are written under the space's writer lock.
 */
final class Viewer {
    /** Consecutive whole documents that failed; after this many the next failing op tries again. */
    static final int MAX_RESYNC_ATTEMPTS = 3;

    final Session session;
    private final Space space;
    /** Failures of ops up to this version are already covered by a whole document sent after them. */
    private volatile long floor = -1;
    /** The version of the whole document in flight, or -1. */
    private long resyncing = -1;
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

    /** Sends a whole document at {@code version}; ops wait until it is answered, older failures are moot. */
    void sendWhole(ReverseRequest whole, long version) {
        floor = version;
        resyncing = version;
        session.send(whole).whenComplete((response, error) -> {
            if (error != null || !isSuccess(response)) {
                space.wholeFailed(this, version, describe(response, error));
            } else {
                failedResyncs.set(0);
                space.wholeArrived(this, version);
            }
        });
    }

    /**
     * A whole document at {@code version} will be sent once it is durable: from now on ops wait for it, and failures
     * of ops up to it are moot.
     */
    void holdFor(long version) {
        floor = version;
        resyncing = version;
    }

    /** Whether a whole document is on its way: ops are held back until it has arrived. */
    boolean isResyncing() {
        return resyncing >= 0;
    }

    /** The whole document at {@code version} arrived; true if it is the one in flight (not an older one). */
    boolean arrived(long version) {
        if (resyncing != version) {
            return false;
        }
        resyncing = -1;
        return true;
    }

    long floor() {
        return floor;
    }

    private static boolean isSuccess(ReverseResponse response) {
        return response.status() >= 200 && response.status() < 300;
    }

    private static String describe(@Nullable ReverseResponse response, @Nullable Throwable error) {
        return error != null || response == null ? String.valueOf(error) : "answered " + response.status();
    }

    @Override
    public String toString() {
        return session + " on " + space.name();
    }
}

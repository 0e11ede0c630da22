package pavel.server.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pavel.op.OpRecord;

/**
 * One space's latest version and its most recent ops, in memory, for clients that return: what a store answers
 * {@link SpaceStore#since} and {@link SpaceStore#producing} from. Thread-safe.
 */
final class RecentOps {
    private final ArrayDeque<OpRecord> recent = new ArrayDeque<>();
    private final int size;
    private long version;

    RecentOps(long version, int size) {
        this.version = version;
        this.size = size;
    }

    synchronized void append(OpRecord record) {
        if (record.base() != version) {
            throw new IllegalStateException("Op for version " + record.version() + " appended after version "
                    + version + ".");
        }
        version = record.version();
        recent.addLast(record);
        if (recent.size() > size) {
            recent.removeFirst();
        }
    }

    synchronized Optional<List<OpRecord>> since(long from) {
        if (from == version) {
            return Optional.of(List.of());
        }
        if (from > version || recent.isEmpty() || recent.getFirst().base() > from) {
            return Optional.empty();
        }
        List<OpRecord> missed = new ArrayList<>((int) (version - from));
        for (OpRecord record : recent) {
            if (record.base() >= from) {
                missed.add(record);
            }
        }
        return Optional.of(missed);
    }

    synchronized Optional<OpRecord> producing(long wanted) {
        if (recent.isEmpty()) {
            return Optional.empty();
        }
        long index = wanted - recent.getFirst().version();
        if (index < 0 || index >= recent.size()) {
            return Optional.empty();
        }
        // A deque has no index; the newest are the likeliest asked for, so walk from the end.
        long fromEnd = recent.size() - 1 - index;
        var it = recent.descendingIterator();
        for (long i = 0; i < fromEnd; i++) {
            it.next();
        }
        return Optional.of(it.next());
    }
}

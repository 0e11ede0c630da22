package pavel.server.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import pavel.model.Document;
import pavel.op.OpRecord;

/**
 * A {@link SpaceStore} in memory: the last {@code logSize} ops of every space. Nothing survives the process, so
 * {@link #load()} has nothing to give; it is the store of tests and of the server until the durable one arrives.
 */
public final class MemorySpaceStore implements SpaceStore {

    private final int logSize;
    private final Map<String, Log> spaces = new ConcurrentHashMap<>();

    /** @param logSize how many recent ops each space keeps for clients that return */
    public MemorySpaceStore(int logSize) {
        if (logSize < 1) {
            throw new IllegalArgumentException("The log must keep at least one op, not " + logSize + ".");
        }
        this.logSize = logSize;
    }

    @Override
    public Map<String, Document> load() {
        return Map.of();
    }

    @Override
    public void create(String space, Document document) {
        spaces.put(space, new Log(document.version(), logSize));
    }

    @Override
    public void delete(String space) {
        spaces.remove(space);
    }

    @Override
    public void append(String space, OpRecord record) {
        require(space).append(record);
    }

    @Override
    public Optional<List<OpRecord>> since(String space, long version) {
        Log log = spaces.get(space);
        return log == null ? Optional.empty() : log.since(version);
    }

    @Override
    public Optional<OpRecord> producing(String space, long version) {
        Log log = spaces.get(space);
        return log == null ? Optional.empty() : log.producing(version);
    }

    private Log require(String space) {
        Log log = spaces.get(space);
        if (log == null) {
            throw new IllegalStateException("There is no space " + space + " in the store.");
        }
        return log;
    }

    /** One space: its latest version and its recent ops. */
    private static final class Log {
        private final ArrayDeque<OpRecord> recent = new ArrayDeque<>();
        private final int size;
        private long version;

        Log(long version, int size) {
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

        synchronized Optional<OpRecord> producing(long version) {
            if (recent.isEmpty()) {
                return Optional.empty();
            }
            long index = version - recent.getFirst().version();
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
}

package pavel.server.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import pavel.model.Document;
import pavel.op.OpRecord;

/**
 * A {@link SpaceStore} in memory: the last {@code logSize} ops of every space. Nothing survives the process, so
 * {@link #load()} has nothing to give and every change is "durable" at once; it is the store of tests that do not
 * need a disk.
 */
public final class MemorySpaceStore implements SpaceStore {

    private final int logSize;
    private final Map<String, RecentOps> spaces = new ConcurrentHashMap<>();

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
    public CompletableFuture<Void> create(String space, Document document) {
        spaces.put(space, new RecentOps(document.version(), logSize));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> delete(String space) {
        spaces.remove(space);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> append(String space, OpRecord record) {
        require(space).append(record);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> snapshot(String space, Document document) {
        return CompletableFuture.completedFuture(null);
    }

    /** Never asked for: no change fails in memory, so no space has to go back to its durable state. */
    @Override
    public Document reload(String space) {
        throw new UnsupportedOperationException("Nothing fails in memory; there is nothing to reload " + space + " from.");
    }

    @Override
    public Optional<List<OpRecord>> since(String space, long version) {
        RecentOps recent = spaces.get(space);
        return recent == null ? Optional.empty() : recent.since(version);
    }

    @Override
    public Optional<OpRecord> producing(String space, long version) {
        RecentOps recent = spaces.get(space);
        return recent == null ? Optional.empty() : recent.producing(version);
    }

    private RecentOps require(String space) {
        RecentOps recent = spaces.get(space);
        if (recent == null) {
            throw new IllegalStateException("There is no space " + space + " in the store.");
        }
        return recent;
    }
}

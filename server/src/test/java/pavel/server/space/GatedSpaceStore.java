package pavel.server.space;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import pavel.model.Document;
import pavel.op.OpRecord;
import pavel.server.store.MemorySpaceStore;
import pavel.server.store.SpaceStore;
import pavel.server.store.StoreException;

/**
 * A store in memory whose appends become durable only when the test says so, or fail: to see what a space does
 * while a change is on its way to the disk, and when the disk refuses it. It keeps each space's durable document, as
 * a real store does, for {@link #reload}.
 */
final class GatedSpaceStore implements SpaceStore {

    private record Held(String space, OpRecord record, CompletableFuture<Void> done) {}

    private final MemorySpaceStore recent = new MemorySpaceStore(1_000);
    private final Map<String, Document> durable = new java.util.concurrent.ConcurrentHashMap<>();
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private boolean gated;

    /** From now on appends wait for {@link #release()} or {@link #fail()}. */
    synchronized void close() {
        gated = true;
    }

    /** How many appends wait. */
    synchronized int waiting() {
        return held.size();
    }

    /** Makes every waiting append durable, in order, and lets later ones through at once. */
    void release() {
        for (Held each : openAndTakeHeld()) {
            keep(each.space(), each.record());
            each.done().complete(null);
        }
    }

    /** Refuses every waiting append, as a full disk would; later ones go through at once. */
    void fail() {
        for (Held each : openAndTakeHeld()) {
            each.done().completeExceptionally(new StoreException(StoreException.Reason.FULL, "The disk is full."));
        }
    }

    private synchronized List<Held> openAndTakeHeld() {
        gated = false;
        List<Held> all = List.copyOf(held);
        held.clear();
        return all;
    }

    @Override
    public Map<String, Document> load() {
        return Map.of();
    }

    @Override
    public CompletableFuture<Void> create(String space, Document document) {
        durable.put(space, document.copy());
        return recent.create(space, document);
    }

    @Override
    public CompletableFuture<Void> delete(String space) {
        durable.remove(space);
        return recent.delete(space);
    }

    @Override
    public CompletableFuture<Void> append(String space, OpRecord record) {
        synchronized (this) {
            if (gated) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                held.addLast(new Held(space, record, done));
                return done;
            }
        }
        keep(space, record);
        return CompletableFuture.completedFuture(null);
    }

    private void keep(String space, OpRecord record) {
        record.applyTo(durable.get(space));
        recent.append(space, record);
    }

    @Override
    public CompletableFuture<Void> snapshot(String space, Document document) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Document reload(String space) {
        return durable.get(space).copy();
    }

    @Override
    public Optional<List<OpRecord>> since(String space, long version) {
        return recent.since(space, version);
    }

    @Override
    public Optional<OpRecord> producing(String space, long version) {
        return recent.producing(space, version);
    }
}

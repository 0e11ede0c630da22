package pavel.server.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import pavel.model.Document;
import pavel.op.OpRecord;

/**
 * Keeps the spaces: each one's document (as snapshots and the log of ops since) and its recent ops, so that a
 * returning client gets only what it missed. Each space has one writer (its {@code Space}), which calls {@link
 * #append} in version order.
 *
 * <pre>{@code
 * store.create("lab", Document.parse("")).join();
 * store.append("lab", record).join();                   // base 0 -> version 1, durable once joined
 * store.since("lab", 0);                                // Optional[[record]]
 * }</pre>
 *
 * <p>A change's future completes when the change is durable (for a durable store), in the order the changes were
 * made, or fails with a {@link StoreException}; a failed change was not made, nor was any later change of the same
 * space that built on it. {@link #since} and {@link #producing} answer from durable ops only. Thread-safe.
 */
public interface SpaceStore {

    /** Every space an earlier run stored, with its document at its latest durable version; read once at start. */
    Map<String, Document> load();

    /** Adds a space with its initial document (or replaces a space of that name and its log). */
    CompletableFuture<Void> create(String space, Document document);

    /** Forgets a space and its log. */
    CompletableFuture<Void> delete(String space);

    /** Logs an applied op; {@code record.base()} is the version the previous record produced. */
    CompletableFuture<Void> append(String space, OpRecord record);

    /**
     * Keeps {@code document} (a copy the caller gives away) as the space's snapshot and lets go of the ops before
     * it, but for the recent ones clients may still ask for. Fails, harmlessly, when an op up to its version was not
     * made durable.
     */
    CompletableFuture<Void> snapshot(String space, Document document);

    /**
     * The space's document at its latest durable version, read again from the store: what a space goes back to
     * after a change could not be made durable.
     */
    Document reload(String space);

    /**
     * The ops that take the space from {@code version} to its latest durable one, in order: empty when it is at
     * {@code version}; absent when the log no longer reaches back that far or the version is ahead of it.
     */
    Optional<List<OpRecord>> since(String space, long version);

    /** The durable op that produced {@code version}, if the recent log still holds it. */
    Optional<OpRecord> producing(String space, long version);
}

package pavel.server.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import pavel.model.Document;
import pavel.op.OpRecord;

/**
 * Keeps the spaces: each one's document and the log of its recent ops, so that a returning client gets only what
 * it missed. Each space has one writer (its {@code Space}), which calls {@link #append} in version order.
 *
 * <pre>{@code
 * store.create("lab", Document.parse(""));
 * store.append("lab", record);                          // base 0 -> version 1
 * store.since("lab", 0);                                // Optional[[record]]
 * }</pre>
 *
 * <p>Implementations are thread-safe. A method that returns has made its change durable (for a durable store).
 */
public interface SpaceStore {

    /** Every space an earlier run stored, with its document at its latest version; read once at start. */
    Map<String, Document> load();

    /** Adds a space with its initial document. */
    void create(String space, Document document);

    /** Forgets a space and its log. */
    void delete(String space);

    /** Logs an applied op; {@code record.base()} is the version the previous record produced. */
    void append(String space, OpRecord record);

    /**
     * The ops that take the space from {@code version} to its latest, in order: empty when it is at
     * {@code version}; absent when the log no longer reaches back that far or the version is ahead of it.
     */
    Optional<List<OpRecord>> since(String space, long version);

    /** The logged op that produced {@code version}, if the log still holds it. */
    Optional<OpRecord> producing(String space, long version);
}

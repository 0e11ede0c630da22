package pavel.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the live objects: each one's state, prototype, owner, view, every behaviour version and its mailbox. The
 * objects' runtime calls {@link #write} for every change, in the order it makes them (one object's changes never
 * overtake each other); the future completes once the change is durable, or fails with a {@link StoreException}
 * and the change was not made.
 *
 * <pre>{@code
 * store.write(new ObjectChange.Saved(row)).join();
 * store.write(new ObjectChange.Posted("counter", letter)).join();    // now the 202 may go out
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface ObjectStore {

    /** Every object an earlier run stored; read once at start. */
    List<StoredObject> loadObjects();

    /** One object as the store holds it now, to go back to after a change of it failed; empty when it has none. */
    Optional<StoredObject> loadObject(String name);

    /** Makes a change durable. */
    CompletableFuture<Void> write(ObjectChange change);

    /** An object's row: what is not a behaviour version or a letter. */
    record ObjectRow(String name, String state, @Nullable String proto, @Nullable String owner, @Nullable String view,
            Instant created) {}

    /** One version of a behaviour, numbered from 1. */
    record StoredBehaviour(int version, String source, Instant created) {}

    /** A message waiting in a mailbox; mailboxes keep the order letters were posted in. */
    record StoredLetter(String id, String json, Instant received) {}

    /** An object with its behaviour versions (oldest first) and its waiting letters (in order). */
    record StoredObject(ObjectRow row, List<StoredBehaviour> behaviours, List<StoredLetter> letters) {
        public StoredObject {
            behaviours = List.copyOf(behaviours);
            letters = List.copyOf(letters);
        }
    }

    /** A change to one object. */
    sealed interface ObjectChange {
        String name();

        /** The object's row as it is now: created, or its state, prototype, owner or view changed. */
        record Saved(ObjectRow row) implements ObjectChange {
            @Override
            public String name() {
                return row.name();
            }
        }

        /** A new behaviour version. */
        record BehaviourAdded(String name, StoredBehaviour behaviour) implements ObjectChange {}

        /** The object and everything of it are gone. */
        record Deleted(String name) implements ObjectChange {}

        /** A letter came into the mailbox. */
        record Posted(String name, StoredLetter letter) implements ObjectChange {}

        /** A waiting letter was dropped unread. */
        record Dropped(String name, String letterId) implements ObjectChange {}

        /** A handler ran a letter: the letter leaves the mailbox and the state becomes {@code state}, both or neither. */
        record Handled(String name, String letterId, String state) implements ObjectChange {}
    }
}

package pavel.server.store;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import pavel.model.Document;
import pavel.server.store.ObjectStore.StoredObject;

/**
 * A whole world as an export carries it: every space's document at its version, and every object as the store keeps
 * it (state, prototype, owner, view, every behaviour version, the waiting letters). What {@link WorldReader} reads from
 * a data directory, what {@link WorldJsonWriter} writes, what {@link WorldJsonReader} reads back and what {@link
 * WorldImport} writes into a new world. The documents are the caller's to give away; not thread-safe.
 *
 * @param spaces the documents by space name, in name order
 * @param objects the objects in name order
 */
public record WorldContent(SortedMap<String, Document> spaces, List<StoredObject> objects) {

    /** Keeps both in name order, so that an export of the same world is the same text. */
    public WorldContent {
        spaces = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(spaces, "spaces")));
        objects = Objects.requireNonNull(objects, "objects").stream()
                .sorted(Comparator.comparing((StoredObject object) -> object.row().name()))
                .toList();
    }
}

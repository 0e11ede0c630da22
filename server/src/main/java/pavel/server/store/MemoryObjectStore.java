package pavel.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link ObjectStore} in memory: it keeps what it is told, so {@link #loadObject} works, but nothing survives the
 * process and every change is "durable" at once. The store of tests that do not need a disk.
 */
public final class MemoryObjectStore implements ObjectStore {

    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();

    @Override
    public List<StoredObject> loadObjects() {
        return List.of();
    }

    @Override
    public Optional<StoredObject> loadObject(String name) {
        return Optional.ofNullable(objects.get(name));
    }

    @Override
    public synchronized CompletableFuture<Void> write(ObjectChange change) {
        StoredObject held = objects.get(change.name());
        switch (change) {
            case ObjectChange.Saved(var row) -> objects.put(row.name(), held == null
                    ? new StoredObject(row, List.of(), List.of()) : new StoredObject(row, held.behaviours(), held.letters()));
            case ObjectChange.Deleted(var name) -> objects.remove(name);
            case ObjectChange.BehaviourAdded(var name, var behaviour) -> {
                if (held != null) {
                    List<StoredBehaviour> behaviours = new ArrayList<>(held.behaviours());
                    behaviours.add(behaviour);
                    objects.put(name, new StoredObject(held.row(), behaviours, held.letters()));
                }
            }
            case ObjectChange.Posted(var name, var letter) -> {
                if (held != null) {
                    List<StoredLetter> letters = new ArrayList<>(held.letters());
                    letters.add(letter);
                    objects.put(name, new StoredObject(held.row(), held.behaviours(), letters));
                }
            }
            case ObjectChange.Dropped(var name, var id) -> {
                if (held != null) {
                    objects.put(name, new StoredObject(held.row(), held.behaviours(), without(held, id)));
                }
            }
            case ObjectChange.Handled(var name, var id, var state) -> {
                if (held != null) {
                    ObjectRow row = held.row();
                    objects.put(name, new StoredObject(new ObjectRow(name, state, row.proto(), row.owner(), row.view(),
                            row.created()), held.behaviours(), without(held, id)));
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private static List<StoredLetter> without(StoredObject held, String id) {
        return held.letters().stream().filter(letter -> !letter.id().equals(id)).toList();
    }
}

package pavel.server.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import pavel.model.Document;
import pavel.server.store.ObjectStore.ObjectChange;
import pavel.server.store.ObjectStore.StoredBehaviour;
import pavel.server.store.ObjectStore.StoredLetter;
import pavel.server.store.ObjectStore.StoredObject;

/**
 * Writes a checked export ({@link WorldJsonReader}) into a world that holds nothing yet, through its stores and in
 * one transaction: afterwards the world is the exported one (every space at its version and hash, every object with
 * its behaviour versions and waiting letters), or, if the write fails, still empty. A world with anything in it is
 * refused, never merged into. Stateless.
 */
public final class WorldImport {

    /**
     * The space every world has ({@code Spaces.MAIN}); a new world has it empty, and an import may replace it. Named
     * here, not taken from the spaces package, which builds on this one.
     */
    private static final String MAIN = "main";

    /** How many names a refusal lists before it says "…". */
    private static final int NAMES_LISTED = 5;

    private WorldImport() {}

    /**
     * Imports {@code content} into {@code world}, which must hold no space but an empty {@code main} and no object.
     *
     * @param directory the world's data directory, for the refusal's sentence
     * @throws ImportRefusedException when the world holds something already; nothing was written
     * @throws StoreException when the store could not keep it; nothing was written
     */
    public static void into(SqliteWorld world, WorldContent content, Path directory) {
        refuseUnlessEmpty(world, directory);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        CompletableFuture<Void> all = world.inOneTransaction(() -> {
            for (Map.Entry<String, Document> space : content.spaces().entrySet()) {
                writes.add(world.spaces().create(space.getKey(), space.getValue().copy()));
            }
            for (StoredObject object : content.objects()) {
                String name = object.row().name();
                writes.add(world.objects().write(new ObjectChange.Saved(object.row())));
                for (StoredBehaviour behaviour : object.behaviours()) {
                    writes.add(world.objects().write(new ObjectChange.BehaviourAdded(name, behaviour)));
                }
                for (StoredLetter letter : object.letters()) {
                    writes.add(world.objects().write(new ObjectChange.Posted(name, letter)));
                }
            }
        });
        StoreException.await(all);
        writes.forEach(StoreException::await);
    }

    private static void refuseUnlessEmpty(SqliteWorld world, Path directory) {
        List<String> spaces = new ArrayList<>();
        Document empty = new Document();
        world.spaces().load().forEach((name, document) -> {
            if (!name.equals(MAIN) || !document.contentEquals(empty)) {
                spaces.add(name);
            }
        });
        List<String> objects = world.objects().loadObjects().stream().map(object -> object.row().name()).toList();
        if (spaces.isEmpty() && objects.isEmpty()) {
            return;
        }
        List<String> held = new ArrayList<>();
        if (!spaces.isEmpty()) {
            held.add("spaces: " + names(spaces));
        }
        if (!objects.isEmpty()) {
            held.add("objects: " + names(objects));
        }
        throw new ImportRefusedException("The data directory " + directory + " already holds a world ("
                + String.join("; ", held) + "); nothing was imported, as an import goes only into a new or empty"
                + " data directory.");
    }

    private static String names(List<String> names) {
        return names.size() <= NAMES_LISTED ? String.join(", ", names)
                : String.join(", ", names.subList(0, NAMES_LISTED)) + ", … (" + names.size() + " in all)";
    }
}

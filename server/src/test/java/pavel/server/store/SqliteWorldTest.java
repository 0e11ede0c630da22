package pavel.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pavel.model.Document;
import pavel.op.Op;
import pavel.op.OpRecord;
import pavel.op.Placement;
import pavel.path.NodePath;
import pavel.server.store.ObjectStore.ObjectChange;
import pavel.server.store.ObjectStore.ObjectRow;
import pavel.server.store.ObjectStore.StoredBehaviour;
import pavel.server.store.ObjectStore.StoredLetter;
import pavel.server.store.ObjectStore.StoredObject;

/**
 * The SQLite world on a real disk: what is acknowledged is there after reopening, a damaged log is reported instead
 * of accepted, and a second server, a newer format or a foreign database are refused with a sentence.
 */
class SqliteWorldTest {

    @TempDir
    Path data;

    private static Op append(int i) {
        return new Op.Insert(NodePath.parse("/body"), Placement.APPEND, "<p id=\"p" + i + "\">text " + i + "</p>");
    }

    /** Applies {@code count} ops to {@code document} and logs them, waiting for each to be durable. */
    private static void logOps(SpaceStore store, String space, Document document, int from, int count) {
        for (int i = from; i < from + count; i++) {
            OpRecord record = append(i).applyTo(document);
            StoreException.await(store.append(space, record));
        }
    }

    @Test
    void spacesAreThereAfterReopeningAtTheirVersionAndHash() {
        Document main = new Document();
        Document lab = Document.parse("<h1>lab</h1>");
        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS)) {
            StoreException.await(world.spaces().create("main", main.copy()));
            StoreException.await(world.spaces().create("lab", lab.copy()));
            logOps(world.spaces(), "main", main, 0, 25);
            logOps(world.spaces(), "lab", lab, 100, 3);
        }
        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS)) {
            Map<String, Document> loaded = world.spaces().load();
            assertEquals(List.of("lab", "main"), List.copyOf(loaded.keySet()));
            assertEquals(25, loaded.get("main").version());
            assertEquals(main.hashHex(), loaded.get("main").hashHex());
            assertEquals(lab.hashHex(), loaded.get("lab").hashHex());
            // A client that returns after version 20 gets the five ops it missed, from the recovered log.
            assertEquals(5, world.spaces().since("main", 20).orElseThrow().size());
            assertEquals(main.hashHex(), world.spaces().producing("main", 25).orElseThrow().hash());
        }
    }

    @Test
    void aSnapshotBoundsTheLogAndRecoveryStartsFromIt() throws Exception {
        Document main = new Document();
        int ops = SqliteSpaceStore.RECENT + 300;
        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS)) {
            StoreException.await(world.spaces().create("main", main.copy()));
            logOps(world.spaces(), "main", main, 0, ops);
            StoreException.await(world.spaces().snapshot("main", main.copy()));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteWorld.FILE));
                Statement statement = connection.createStatement()) {
            var count = statement.executeQuery("SELECT count(*), min(version) FROM op");
            count.next();
            assertEquals(SqliteSpaceStore.RECENT, count.getInt(1), "the ops before the snapshot's recent ones are gone");
            assertEquals(ops - SqliteSpaceStore.RECENT + 1, count.getLong(2));
        }
        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS)) {
            Document loaded = world.spaces().load().get("main");
            assertEquals(ops, loaded.version());
            assertEquals(main.hashHex(), loaded.hashHex());
            assertTrue(world.spaces().since("main", 10).isEmpty(), "a client from before the kept ops gets a resync");
            assertEquals(100, world.spaces().since("main", ops - 100).orElseThrow().size());
        }
    }

    @Test
    void aSnapshotOfAVersionThatIsNotDurableIsRefused() {
        Document main = new Document();
        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS)) {
            StoreException.await(world.spaces().create("main", main.copy()));
            append(1).applyTo(main); // applied, never logged
            StoreException refused = assertThrows(StoreException.class,
                    () -> StoreException.await(world.spaces().snapshot("main", main.copy())));
            assertTrue(refused.getMessage().contains("no durable version 1"), refused.getMessage());
        }
    }

    @Test
    void anOpBuiltOnOneThatWasNotKeptIsRefused() {
        Document main = new Document();
        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS)) {
            StoreException.await(world.spaces().create("main", main.copy()));
            append(1).applyTo(main); // version 1 never reaches the store
            OpRecord second = append(2).applyTo(main);
            StoreException refused = assertThrows(StoreException.class,
                    () -> StoreException.await(world.spaces().append("main", second)));
            assertEquals(503, refused.status());
            assertEquals(0, world.spaces().reload("main").version(), "the store still holds version 0");
        }
    }

    @Test
    void anOpThatDoesNotReproduceItsHashIsReportedAndNothingIsOpened() throws Exception {
        Document main = new Document();
        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS)) {
            StoreException.await(world.spaces().create("main", main.copy()));
            logOps(world.spaces(), "main", main, 0, 10);
        }
        // Flip the text of the op at version 7, as a damaged disk would.
        sql("UPDATE op SET record = replace(record, 'text 6', 'text X') WHERE version = 7");

        StoreException damaged = recoveryFails();
        assertEquals(StoreException.Reason.CORRUPT, damaged.reason());
        assertTrue(damaged.getMessage().startsWith("The space main cannot be recovered: the op at version 7 does not"
                + " reproduce the document"), damaged.getMessage());
    }

    @Test
    void aLogThatEndsShortOfTheAcknowledgedVersionIsReported() throws Exception {
        Document main = new Document();
        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS)) {
            StoreException.await(world.spaces().create("main", main.copy()));
            logOps(world.spaces(), "main", main, 0, 10);
        }
        sql("DELETE FROM op WHERE version >= 9"); // a torn tail: the last two ops are gone

        StoreException damaged = recoveryFails();
        assertEquals("The space main cannot be recovered: its log ends at version 8, but version 10 was acknowledged."
                + " Nothing was changed; restore the data directory from a backup or import an export.",
                damaged.getMessage());
    }

    @Test
    void aGapInTheLogIsReported() throws Exception {
        Document main = new Document();
        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS)) {
            StoreException.await(world.spaces().create("main", main.copy()));
            logOps(world.spaces(), "main", main, 0, 10);
        }
        sql("DELETE FROM op WHERE version = 4");

        StoreException damaged = recoveryFails();
        assertTrue(damaged.getMessage().contains("its log jumps from version 3 to 5"), damaged.getMessage());
    }

    @Test
    void objectsAreThereAfterReopeningWithBehavioursAndMailbox() {
        Instant created = Instant.parse("2026-12-04T10:00:00Z");
        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS)) {
            ObjectStore objects = world.objects();
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            writes.add(objects.write(new ObjectChange.Saved(new ObjectRow("base", "{}", null, null, "<p>{{n}}</p>", created))));
            writes.add(objects.write(new ObjectChange.Saved(new ObjectRow("counter", "{\"n\":0}", null, null, null, created))));
            writes.add(objects.write(new ObjectChange.Saved(new ObjectRow("counter", "{\"n\":0}", "base", null, null, created))));
            writes.add(objects.write(new ObjectChange.BehaviourAdded("counter", new StoredBehaviour(1, "// one", created))));
            writes.add(objects.write(new ObjectChange.BehaviourAdded("counter", new StoredBehaviour(2, "// two", created))));
            for (int i = 1; i <= 3; i++) {
                writes.add(objects.write(new ObjectChange.Posted("counter",
                        new StoredLetter("L" + i, "{\"type\":\"inc\",\"i\":" + i + "}", created))));
            }
            writes.add(objects.write(new ObjectChange.Handled("counter", "L1", "{\"n\":1}")));
            writes.add(objects.write(new ObjectChange.Dropped("counter", "L3")));
            writes.add(objects.write(new ObjectChange.Saved(new ObjectRow("gone", "{}", null, null, null, created))));
            writes.add(objects.write(new ObjectChange.Posted("gone", new StoredLetter("L9", "{}", created))));
            writes.add(objects.write(new ObjectChange.Deleted("gone")));
            writes.forEach(StoreException::await);
        }
        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS)) {
            List<StoredObject> loaded = world.objects().loadObjects();
            assertEquals(List.of("base", "counter"), loaded.stream().map(o -> o.row().name()).toList());
            StoredObject counter = loaded.get(1);
            assertEquals(new ObjectRow("counter", "{\"n\":1}", "base", null, null, created), counter.row());
            assertEquals(List.of("// one", "// two"), counter.behaviours().stream().map(StoredBehaviour::source).toList());
            assertEquals(List.of(new StoredLetter("L2", "{\"type\":\"inc\",\"i\":2}", created)), counter.letters());
            assertEquals(Optional.of(counter), world.objects().loadObject("counter"));
            assertEquals(Optional.empty(), world.objects().loadObject("gone"));
        }
    }

    @Test
    void concurrentChangesShareCommits() throws Exception {
        Document main = new Document();
        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS)) {
            StoreException.await(world.spaces().create("main", main.copy()));
            long commitsBefore = world.commits();
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                writes.add(world.spaces().append("main", append(i).applyTo(main)));
            }
            writes.forEach(StoreException::await);
            long commits = world.commits() - commitsBefore;
            assertTrue(commits < 2_000 / 4, "2,000 queued changes took " + commits + " commits");
            assertEquals(main.hashHex(), world.spaces().reload("main").hashHex());
        }
    }

    @Test
    void aFullStoreRefusesTheChangeWith507AndKeepsWhatItHad() {
        Document main = new Document();
        try (SqliteWorld world = SqliteWorld.open(data, new SqliteWorld.Options(true, 256 * 1024))) {
            StoreException.await(world.spaces().create("main", main.copy()));
            String big = "x".repeat(20_000);
            StoreException full = null;
            long durable = 0;
            for (int i = 0; i < 100 && full == null; i++) {
                OpRecord record = new Op.Insert(NodePath.parse("/body"), Placement.APPEND, "<p>" + big + i + "</p>")
                        .applyTo(main);
                try {
                    StoreException.await(world.spaces().append("main", record));
                    durable = record.version();
                } catch (StoreException e) {
                    full = e;
                }
            }
            assertTrue(full != null, "a 256 KiB store filled up");
            assertEquals(507, full.status());
            assertEquals("The data directory is full; the change was not kept. Free some space and try again.",
                    full.getMessage());
            assertEquals(durable, world.spaces().reload("main").version(), "the store holds every kept change");
        }
        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS)) {
            world.spaces().load(); // opens cleanly: nothing half-written
        }
    }

    @Test
    void aSecondServerOnTheSameDirectoryIsRefused() {
        try (SqliteWorld first = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS)) {
            StoreException refused = assertThrows(StoreException.class,
                    () -> SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS));
            assertEquals("The data directory " + data + " is in use by another running Pavel server (pid "
                    + ProcessHandle.current().pid() + "); stop it first, or start this one with another --data.",
                    refused.getMessage());
        }
        SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS).close(); // let go of when closed
    }

    @Test
    void aWorldOfANewerFormatIsRefusedUntouched() throws Exception {
        SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS).close();
        sql("PRAGMA user_version = 99");

        StoreException refused = assertThrows(StoreException.class,
                () -> SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS));
        assertEquals("The world in " + data.resolve(SqliteWorld.FILE) + " has format 99, newer than this Pavel"
                + " understands (format 1); run a newer Pavel on it, or export it there and import it here.",
                refused.getMessage());
        assertEquals(99, pragma("user_version"), "the newer world was not written");
    }

    @Test
    void aDatabaseThatIsNotAPavelWorldIsRefused() throws Exception {
        sql("CREATE TABLE accounts (id INTEGER PRIMARY KEY)");

        StoreException refused = assertThrows(StoreException.class,
                () -> SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS));
        assertTrue(refused.getMessage().endsWith("is not a Pavel world (it is another SQLite database); move it away"
                + " or start with another --data."), refused.getMessage());
    }

    /** Opening the world and recovering its spaces fails; how. */
    private StoreException recoveryFails() {
        return assertThrows(StoreException.class, () -> {
            try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS)) {
                world.spaces().load();
            }
        });
    }

    private void sql(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteWorld.FILE));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private int pragma(String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteWorld.FILE));
                Statement statement = connection.createStatement();
                var result = statement.executeQuery("PRAGMA " + name)) {
            return result.next() ? result.getInt(1) : -1;
        }
    }
}

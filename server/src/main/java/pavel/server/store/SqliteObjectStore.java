package pavel.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import pavel.server.store.ObjectStore.ObjectChange.BehaviourAdded;
import pavel.server.store.ObjectStore.ObjectChange.Deleted;
import pavel.server.store.ObjectStore.ObjectChange.Dropped;
import pavel.server.store.ObjectStore.ObjectChange.Handled;
import pavel.server.store.ObjectStore.ObjectChange.Posted;
import pavel.server.store.ObjectStore.ObjectChange.Saved;

/**
 * The objects in the world's database: a row per object, its behaviour versions, and its mailbox in posting order.
 * A handled letter leaves the mailbox in the same transaction that keeps the state its handler made.
 */
final class SqliteObjectStore implements ObjectStore {

    private static final String UPSERT = "INSERT INTO object (name, state, proto, owner, view, created)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state,"
            + " proto = excluded.proto, owner = excluded.owner, view = excluded.view";

    private final Journal journal;
    private final SqliteWorld.Reader reader;
    /** Mailbox order across the whole world; letters posted later get higher numbers. */
    private final AtomicLong letterSeq = new AtomicLong();

    SqliteObjectStore(Journal journal, SqliteWorld.Reader reader) {
        this.journal = journal;
        this.reader = reader;
        letterSeq.set(reader.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT coalesce(max(seq), 0) FROM letter");
                    ResultSet result = select.executeQuery()) {
                return result.next() ? result.getLong(1) : 0L;
            }
        }));
    }

    @Override
    public List<StoredObject> loadObjects() {
        return reader.read(connection -> select(connection, null));
    }

    @Override
    public Optional<StoredObject> loadObject(String name) {
        return reader.read(connection -> select(connection, name).stream().findFirst());
    }

    /**
     * Every object, or the one named; behaviours oldest first, letters in posting order. Also what an export
     * reads, on its own connection and in its own transaction.
     */
    static List<StoredObject> select(Connection connection, @Nullable String name) throws SQLException {
        Map<String, ObjectRow> rows = new LinkedHashMap<>();
        query(connection, "SELECT name, state, proto, owner, view, created FROM object", "name", "name", name,
                result -> rows.put(result.getString(1), new ObjectRow(result.getString(1), result.getString(2),
                        result.getString(3), result.getString(4), result.getString(5), instant(result.getString(6)))));
        Map<String, List<StoredBehaviour>> behaviours = new LinkedHashMap<>();
        query(connection, "SELECT object, version, source, created FROM behaviour", "object", "object, version", name,
                result -> behaviours.computeIfAbsent(result.getString(1), key -> new ArrayList<>()).add(
                        new StoredBehaviour(result.getInt(2), result.getString(3), instant(result.getString(4)))));
        Map<String, List<StoredLetter>> letters = new LinkedHashMap<>();
        query(connection, "SELECT object, id, message, received FROM letter", "object", "object, seq", name,
                result -> letters.computeIfAbsent(result.getString(1), key -> new ArrayList<>()).add(
                        new StoredLetter(result.getString(2), result.getString(3), instant(result.getString(4)))));
        List<StoredObject> objects = new ArrayList<>(rows.size());
        for (ObjectRow row : rows.values()) {
            objects.add(new StoredObject(row, behaviours.getOrDefault(row.name(), List.of()),
                    letters.getOrDefault(row.name(), List.of())));
        }
        return objects;
    }

    private interface RowReader {
        void read(ResultSet result) throws SQLException;
    }

    /** Runs {@code select} in {@code order}, for the one object named by {@code name} in {@code nameColumn} if given. */
    private static void query(Connection connection, String select, String nameColumn, String order,
            @Nullable String name, RowReader reader) throws SQLException {
        String sql = select + (name == null ? "" : " WHERE " + nameColumn + " = ?") + " ORDER BY " + order;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (name != null) {
                statement.setString(1, name);
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    reader.read(result);
                }
            }
        }
    }

    @Override
    public CompletableFuture<Void> write(ObjectChange change) {
        return switch (change) {
            case Saved(var row) -> journal.submit(statements -> save(statements, row));
            case BehaviourAdded(var name, var behaviour) -> journal.submit(statements -> {
                PreparedStatement insert = statements.get(
                        "INSERT INTO behaviour (object, version, source, created) VALUES (?, ?, ?, ?)");
                insert.setString(1, name);
                insert.setInt(2, behaviour.version());
                insert.setString(3, behaviour.source());
                insert.setString(4, behaviour.created().toString());
                insert.executeUpdate();
            });
            case Deleted(var name) -> journal.submit(statements -> {
                for (String sql : List.of("DELETE FROM object WHERE name = ?", "DELETE FROM behaviour WHERE object = ?",
                        "DELETE FROM letter WHERE object = ?")) {
                    PreparedStatement delete = statements.get(sql);
                    delete.setString(1, name);
                    delete.executeUpdate();
                }
            });
            case Posted(var name, var letter) -> {
                long seq = letterSeq.incrementAndGet();
                yield journal.submit(statements -> {
                    PreparedStatement insert = statements.get(
                            "INSERT INTO letter (object, seq, id, message, received) VALUES (?, ?, ?, ?, ?)");
                    insert.setString(1, name);
                    insert.setLong(2, seq);
                    insert.setString(3, letter.id());
                    insert.setString(4, letter.json());
                    insert.setString(5, letter.received().toString());
                    insert.executeUpdate();
                });
            }
            case Dropped(var name, var id) -> journal.submit(statements -> removeLetter(statements, name, id));
            case Handled(var name, var id, var state) -> journal.submit(statements -> {
                PreparedStatement update = statements.get("UPDATE object SET state = ? WHERE name = ?");
                update.setString(1, state);
                update.setString(2, name);
                update.executeUpdate();
                removeLetter(statements, name, id);
            });
        };
    }

    private static void save(Journal.Statements statements, ObjectRow row) throws SQLException {
        PreparedStatement upsert = statements.get(UPSERT);
        upsert.setString(1, row.name());
        upsert.setString(2, row.state());
        upsert.setString(3, row.proto());
        upsert.setString(4, row.owner());
        upsert.setString(5, row.view());
        upsert.setString(6, row.created().toString());
        upsert.executeUpdate();
    }

    private static void removeLetter(Journal.Statements statements, String name, String id) throws SQLException {
        PreparedStatement delete = statements.get("DELETE FROM letter WHERE object = ? AND id = ?");
        delete.setString(1, name);
        delete.setString(2, id);
        delete.executeUpdate();
    }

    private static Instant instant(String text) {
        return Instant.parse(text);
    }
}

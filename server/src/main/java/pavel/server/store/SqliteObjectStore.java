package pavel.server.store;

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
        return reader.read(connection -> {
            Map<String, ObjectRow> rows = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name, state, proto, owner, view, created FROM object ORDER BY name");
                    ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    ObjectRow row = row(result);
                    rows.put(row.name(), row);
                }
            }
            Map<String, List<StoredBehaviour>> behaviours = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT object, version, source, created FROM behaviour ORDER BY object, version");
                    ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    behaviours.computeIfAbsent(result.getString(1), name -> new ArrayList<>()).add(
                            new StoredBehaviour(result.getInt(2), result.getString(3), instant(result.getString(4))));
                }
            }
            Map<String, List<StoredLetter>> letters = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT object, id, message, received FROM letter ORDER BY object, seq");
                    ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    letters.computeIfAbsent(result.getString(1), name -> new ArrayList<>()).add(
                            new StoredLetter(result.getString(2), result.getString(3), instant(result.getString(4))));
                }
            }
            List<StoredObject> objects = new ArrayList<>(rows.size());
            for (ObjectRow row : rows.values()) {
                objects.add(new StoredObject(row, behaviours.getOrDefault(row.name(), List.of()),
                        letters.getOrDefault(row.name(), List.of())));
            }
            return objects;
        });
    }

    @Override
    public Optional<StoredObject> loadObject(String name) {
        return reader.read(connection -> {
            ObjectRow row = null;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name, state, proto, owner, view, created FROM object WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet result = select.executeQuery()) {
                    if (result.next()) {
                        row = row(result);
                    }
                }
            }
            if (row == null) {
                return Optional.empty();
            }
            List<StoredBehaviour> behaviours = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT version, source, created FROM behaviour WHERE object = ? ORDER BY version")) {
                select.setString(1, name);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        behaviours.add(new StoredBehaviour(result.getInt(1), result.getString(2),
                                instant(result.getString(3))));
                    }
                }
            }
            List<StoredLetter> letters = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, message, received FROM letter WHERE object = ? ORDER BY seq")) {
                select.setString(1, name);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        letters.add(new StoredLetter(result.getString(1), result.getString(2),
                                instant(result.getString(3))));
                    }
                }
            }
            return Optional.of(new StoredObject(row, behaviours, letters));
        });
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

    private static ObjectRow row(ResultSet result) throws SQLException {
        return new ObjectRow(result.getString(1), result.getString(2), result.getString(3), result.getString(4),
                result.getString(5), instant(result.getString(6)));
    }

    private static Instant instant(String text) {
        return Instant.parse(text);
    }
}

package pavel.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import pavel.model.Document;
import pavel.model.DocumentException;
import pavel.model.HtmlFragment;
import pavel.op.OpRecord;

/**
 * The spaces in the world's database: per space its head version, a snapshot and the op log since (plus the
 * {@link #RECENT} ops before it, for clients that return). A space is recovered by loading its snapshot and
 * replaying the log, checking every op against the hash it was logged with: a log that does not reproduce its own
 * hashes, has a gap, or ends short of the head is reported as damaged, never silently cut.
 */
final class SqliteSpaceStore implements SpaceStore {

    /** Ops kept before a snapshot and in memory for {@link #since}; more than a returning client may catch up on. */
    static final int RECENT = 1_000;

    private final Journal journal;
    private final SqliteWorld.Reader reader;
    private final Map<String, RecentOps> recent = new ConcurrentHashMap<>();

    SqliteSpaceStore(Journal journal, SqliteWorld.Reader reader) {
        this.journal = journal;
        this.reader = reader;
    }

    @Override
    public Map<String, Document> load() {
        return reader.read(connection -> {
            Map<String, Document> spaces = new LinkedHashMap<>();
            for (String name : names(connection)) {
                Recovered recovered = recover(connection, name);
                spaces.put(name, recovered.document());
                recent.put(name, recovered.recent());
            }
            return spaces;
        });
    }

    @Override
    public CompletableFuture<Void> create(String space, Document document) {
        long version = document.version();
        String hash = document.hashHex();
        String html = document.outerHtml();
        return journal.submit(new Journal.Write() {
            @Override
            public void apply(Journal.Statements statements) throws SQLException {
                deleteRows(statements, space);
                PreparedStatement head = statements.get("INSERT INTO space (name, head) VALUES (?, ?)");
                head.setString(1, space);
                head.setLong(2, version);
                head.executeUpdate();
                writeSnapshot(statements, space, version, hash, html);
            }

            @Override
            public void committed() {
                recent.put(space, new RecentOps(version, RECENT));
            }
        });
    }

    @Override
    public CompletableFuture<Void> delete(String space) {
        return journal.submit(new Journal.Write() {
            @Override
            public void apply(Journal.Statements statements) throws SQLException {
                deleteRows(statements, space);
            }

            @Override
            public void committed() {
                recent.remove(space);
            }
        });
    }

    @Override
    public CompletableFuture<Void> append(String space, OpRecord record) {
        String json = record.toJson();
        return journal.submit(new Journal.Write() {
            @Override
            public void apply(Journal.Statements statements) throws SQLException {
                PreparedStatement head = statements.get("UPDATE space SET head = ? WHERE name = ? AND head = ?");
                head.setLong(1, record.version());
                head.setString(2, space);
                head.setLong(3, record.base());
                if (head.executeUpdate() != 1) {
                    // An earlier op of this space failed: this one was built on it.
                    throw new StoreException(StoreException.Reason.UNAVAILABLE, "The space " + space + " is not at "
                            + "version " + record.base() + " in the store; the change was not kept.");
                }
                PreparedStatement op = statements.get("INSERT INTO op (space, version, record) VALUES (?, ?, ?)");
                op.setString(1, space);
                op.setLong(2, record.version());
                op.setString(3, json);
                op.executeUpdate();
            }

            @Override
            public void committed() {
                RecentOps ops = recent.get(space);
                if (ops != null) {
                    ops.append(record);
                }
            }
        });
    }

    @Override
    public CompletableFuture<Void> snapshot(String space, Document document) {
        long version = document.version();
        String hash = document.hashHex();
        String html = document.outerHtml();
        return journal.submit(statements -> {
            PreparedStatement head = statements.get("SELECT head FROM space WHERE name = ?");
            head.setString(1, space);
            try (ResultSet result = head.executeQuery()) {
                if (!result.next() || result.getLong(1) < version) {
                    throw new StoreException(StoreException.Reason.UNAVAILABLE, "The space " + space
                            + " has no durable version " + version + " to keep a snapshot of.");
                }
            }
            writeSnapshot(statements, space, version, hash, html);
            PreparedStatement compact = statements.get("DELETE FROM op WHERE space = ? AND version <= ?");
            compact.setString(1, space);
            compact.setLong(2, version - RECENT);
            compact.executeUpdate();
        });
    }

    @Override
    public Document reload(String space) {
        return reader.read(connection -> {
            Recovered recovered = recover(connection, space);
            recent.put(space, recovered.recent());
            return recovered.document();
        });
    }

    @Override
    public Optional<List<OpRecord>> since(String space, long version) {
        RecentOps ops = recent.get(space);
        return ops == null ? Optional.empty() : ops.since(version);
    }

    @Override
    public Optional<OpRecord> producing(String space, long version) {
        RecentOps ops = recent.get(space);
        return ops == null ? Optional.empty() : ops.producing(version);
    }

    // ---- rows ----

    private static void deleteRows(Journal.Statements statements, String space) throws SQLException {
        for (String sql : List.of("DELETE FROM space WHERE name = ?", "DELETE FROM snapshot WHERE space = ?",
                "DELETE FROM op WHERE space = ?")) {
            PreparedStatement delete = statements.get(sql);
            delete.setString(1, space);
            delete.executeUpdate();
        }
    }

    private static void writeSnapshot(Journal.Statements statements, String space, long version, String hash,
            String html) throws SQLException {
        PreparedStatement snapshot = statements.get("INSERT INTO snapshot (space, version, hash, html)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (space) DO UPDATE SET version = excluded.version,"
                + " hash = excluded.hash, html = excluded.html");
        snapshot.setString(1, space);
        snapshot.setLong(2, version);
        snapshot.setString(3, hash);
        snapshot.setString(4, html);
        snapshot.executeUpdate();
    }

    /** The names of the stored spaces, in order. */
    static List<String> names(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT name FROM space ORDER BY name");
                ResultSet result = select.executeQuery()) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        return names;
    }

    // ---- recovery ----

    /** A recovered space: its document at the head version, and the ops kept for clients that return. */
    record Recovered(Document document, RecentOps recent) {}

    /** A space as its snapshot and log have it, every op checked; {@link StoreException} CORRUPT when they disagree. */
    static Recovered recover(Connection connection, String space) throws SQLException {
        long head;
        try (PreparedStatement select = connection.prepareStatement("SELECT head FROM space WHERE name = ?")) {
            select.setString(1, space);
            try (ResultSet result = select.executeQuery()) {
                if (!result.next()) {
                    throw damaged(space, "it is not in the store");
                }
                head = result.getLong(1);
            }
        }
        Document document;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version, hash, html FROM snapshot WHERE space = ?")) {
            select.setString(1, space);
            try (ResultSet result = select.executeQuery()) {
                if (!result.next()) {
                    throw damaged(space, "it has no snapshot");
                }
                long version = result.getLong(1);
                try {
                    document = new Document(HtmlFragment.parseBody(result.getString(3)), version);
                } catch (DocumentException e) {
                    throw damaged(space, "its snapshot at version " + version + " does not parse: " + e.getMessage());
                }
                if (!document.hashHex().equals(result.getString(2))) {
                    throw damaged(space, "its snapshot at version " + version + " does not have the hash it was"
                            + " kept with");
                }
            }
        }
        long snapshotVersion = document.version();
        RecentOps recentOps = null;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version, record FROM op WHERE space = ? AND version > ? ORDER BY version")) {
            select.setString(1, space);
            select.setLong(2, Math.max(0, Math.min(snapshotVersion, head) - RECENT));
            select.setFetchSize(1_000);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    long version = result.getLong(1);
                    OpRecord record = parse(space, version, result.getString(2));
                    if (recentOps == null) {
                        recentOps = new RecentOps(record.base(), RECENT);
                    }
                    if (version > snapshotVersion && record.base() != document.version()) {
                        throw damaged(space, "its log jumps from version " + document.version() + " to " + version);
                    }
                    recentOps.append(record); // refuses a gap among the ops kept before the snapshot
                    if (version > snapshotVersion) {
                        replay(space, document, record);
                    }
                }
            } catch (IllegalStateException e) {
                throw damaged(space, "its log has a gap: " + e.getMessage());
            }
        }
        if (document.version() != head) {
            throw damaged(space, "its log ends at version " + document.version() + ", but version " + head
                    + " was acknowledged");
        }
        return new Recovered(document, recentOps == null ? new RecentOps(head, RECENT) : recentOps);
    }

    private static OpRecord parse(String space, long version, String json) {
        OpRecord record;
        try {
            record = OpRecord.fromJson(json);
        } catch (DocumentException e) {
            throw damaged(space, "the op at version " + version + " cannot be read: " + e.getMessage());
        }
        if (record.version() != version) {
            throw damaged(space, "the op kept as version " + version + " says it produces version " + record.version());
        }
        return record;
    }

    private static void replay(String space, Document document, OpRecord record) {
        try {
            record.applyTo(document);
        } catch (DocumentException e) {
            throw damaged(space, "the op at version " + record.version() + " does not reproduce the document it was"
                    + " logged with (" + e.getMessage() + ")");
        }
    }

    private static StoreException damaged(String space, String why) {
        return new StoreException(StoreException.Reason.CORRUPT, "The space " + space + " cannot be recovered: " + why
                + ". Nothing was changed; restore the data directory from a backup or import an export.");
    }
}

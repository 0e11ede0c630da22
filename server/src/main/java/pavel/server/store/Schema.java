package pavel.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of a world and their format number. Each format is a list of statements applied once, in order, to a
 * database at the format before it; a later issue that adds tables (drafts, users) adds a format. A database of a
 * newer format than this build knows is refused, never written.
 */
final class Schema {

    /** The format this build writes. */
    static final int FORMAT = 1;

    /** Marks the database as a Pavel world ({@code PRAGMA application_id}): "PAVL". */
    static final int APPLICATION_ID = 0x5041564C;

    private static final List<List<String>> MIGRATIONS = List.of(
            // Format 1: spaces (head version, snapshot, op log) and objects (row, behaviour versions, mailbox).
            List.of(
                    "CREATE TABLE space (name TEXT PRIMARY KEY, head INTEGER NOT NULL) WITHOUT ROWID",
                    "CREATE TABLE snapshot (space TEXT PRIMARY KEY, version INTEGER NOT NULL, hash TEXT NOT NULL,"
                            + " html TEXT NOT NULL) WITHOUT ROWID",
                    "CREATE TABLE op (space TEXT NOT NULL, version INTEGER NOT NULL, record TEXT NOT NULL,"
                            + " PRIMARY KEY (space, version)) WITHOUT ROWID",
                    "CREATE TABLE object (name TEXT PRIMARY KEY, state TEXT NOT NULL, proto TEXT, owner TEXT,"
                            + " view TEXT, created TEXT NOT NULL) WITHOUT ROWID",
                    "CREATE TABLE behaviour (object TEXT NOT NULL, version INTEGER NOT NULL, source TEXT NOT NULL,"
                            + " created TEXT NOT NULL, PRIMARY KEY (object, version)) WITHOUT ROWID",
                    "CREATE TABLE letter (object TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL,"
                            + " message TEXT NOT NULL, received TEXT NOT NULL, PRIMARY KEY (object, seq)) WITHOUT ROWID"));

    private Schema() {}

    /**
     * Brings a database to {@link #FORMAT}: creates the tables of a new one, migrates an older one, refuses a newer
     * one or one that is not a Pavel world.
     */
    static void prepare(Connection connection, Path file) throws SQLException {
        int application = pragma(connection, "application_id");
        int format = pragma(connection, "user_version");
        if (application != APPLICATION_ID && (application != 0 || format != 0 || hasTables(connection))) {
            throw new StoreException(StoreException.Reason.CORRUPT, file + " is not a Pavel world (it is another"
                    + " SQLite database); move it away or start with another --data.");
        }
        if (format > FORMAT) {
            throw new StoreException(StoreException.Reason.CORRUPT, "The world in " + file + " has format " + format
                    + ", newer than this Pavel understands (format " + FORMAT + "); run a newer Pavel on it, or"
                    + " export it there and import it here.");
        }
        if (format == FORMAT) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (int next = format + 1; next <= FORMAT; next++) {
                for (String sql : MIGRATIONS.get(next - 1)) {
                    statement.execute(sql);
                }
            }
            statement.execute("PRAGMA application_id = " + APPLICATION_ID);
            statement.execute("PRAGMA user_version = " + FORMAT);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    static int pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA " + name)) {
            return result.next() ? result.getInt(1) : 0;
        }
    }

    private static boolean hasTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            return result.next() && result.getInt(1) > 0;
        }
    }
}

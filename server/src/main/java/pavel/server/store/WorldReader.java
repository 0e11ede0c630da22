package pavel.server.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.SortedMap;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;
import pavel.model.Document;

/**
 * Reads a whole world out of a data directory for an export, beside a server that may be running on it: it never
 * takes the directory's lock (the server holds it) and never writes. Its own read-only connection reads everything
 * in one read transaction, which WAL lets run beside the server's writes, so the copy is of one moment: no space or
 * object half-changed, none from before and another from after a change. Spaces are recovered the way the server
 * recovers them at start (snapshot plus the log, every op checked against its hash). Stateless.
 */
public final class WorldReader {

    private WorldReader() {}

    /**
     * The world in {@code directory} as it is now.
     *
     * @throws StoreException with a sentence: no world there, not a Pavel world, a format this build does not read, a
     *     damaged space, or a database that cannot be read
     */
    public static WorldContent read(Path directory) {
        Path file = directory.toAbsolutePath().normalize().resolve(SqliteWorld.FILE);
        if (!Files.isRegularFile(file)) {
            throw new StoreException(StoreException.Reason.UNAVAILABLE, "There is no world in "
                    + file.getParent() + " (no " + SqliteWorld.FILE + "); name the data directory with --data.");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5_000);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + file)) {
            connection.setAutoCommit(false); // one read transaction from the first SELECT to the end: one moment
            try {
                requireReadableFormat(connection, file);
                SortedMap<String, Document> spaces = new TreeMap<>();
                for (String name : SqliteSpaceStore.names(connection)) {
                    spaces.put(name, SqliteSpaceStore.recover(connection, name).document());
                }
                return new WorldContent(spaces, SqliteObjectStore.select(connection, null));
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            StoreException failure = StoreException.of(e);
            throw new StoreException(failure.reason(), "Cannot read the world in " + file + ": "
                    + firstLine(e) + ".", e);
        }
    }

    /** The same checks as opening for writing, without migrating: an export reads only the format this build writes. */
    private static void requireReadableFormat(Connection connection, Path file) throws SQLException {
        int application = Schema.pragma(connection, "application_id");
        int format = Schema.pragma(connection, "user_version");
        if (application != Schema.APPLICATION_ID) {
            throw new StoreException(StoreException.Reason.CORRUPT, file + " is not a Pavel world"
                    + (format == 0 && application == 0 ? " (it holds nothing yet)" : " (it is another SQLite database)")
                    + ".");
        }
        if (format > Schema.FORMAT) {
            throw new StoreException(StoreException.Reason.CORRUPT, "The world in " + file + " has format " + format
                    + ", newer than this Pavel understands (format " + Schema.FORMAT + "); export it with a newer Pavel.");
        }
        if (format < Schema.FORMAT) {
            throw new StoreException(StoreException.Reason.CORRUPT, "The world in " + file + " has the older format "
                    + format + "; start pavel serve on it once to bring it to format " + Schema.FORMAT
                    + ", then export it.");
        }
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

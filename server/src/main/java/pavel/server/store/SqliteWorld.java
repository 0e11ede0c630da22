package pavel.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * A world kept in SQLite ({@code world.db} in the data directory, WAL mode, every commit synced): the spaces and the
 * objects, written by one {@link Journal} that groups concurrent changes into one commit. Holds the data
 * directory's lock while open, so a second server cannot open the same world.
 *
 * <pre>{@code
 * try (SqliteWorld world = SqliteWorld.open(dataDirectory, SqliteWorld.Options.DEFAULTS)) {
 *     Spaces spaces = new Spaces(world.spaces(), sessions, SpaceConfig.DEFAULTS);
 *     ...
 * }
 * }</pre>
 */
public final class SqliteWorld implements AutoCloseable {

    /** The database file in the data directory. */
    public static final String FILE = "world.db";

    private static final Logger log = LoggerFactory.getLogger(SqliteWorld.class);

    /**
     * How the world is written.
     *
     * @param groupCommit commit all queued changes together (the default); false commits each alone, for comparison
     * @param maxBytes the most the database may grow to, 0 for no limit but the disk's
     */
    public record Options(boolean groupCommit, long maxBytes) {
        public static final Options DEFAULTS = new Options(true, 0);
    }

    /** Runs a read on the world's read connection; {@link SqliteWorld} serializes them. */
    interface Read<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Reads from the database beside the journal (WAL lets them run at the same time). */
    static final class Reader {
        private final Connection connection;

        private Reader(Connection connection) {
            this.connection = connection;
        }

        synchronized <T> T read(Read<T> read) {
            try {
                return read.apply(connection);
            } catch (SQLException e) {
                throw StoreException.of(e);
            }
        }
    }

    private final DataLock lock;
    private final Connection readConnection;
    private final Journal journal;
    private final SqliteSpaceStore spaces;
    private final SqliteObjectStore objects;

    private SqliteWorld(DataLock lock, Connection readConnection, Journal journal) {
        this.lock = lock;
        this.readConnection = readConnection;
        this.journal = journal;
        Reader reader = new Reader(readConnection);
        this.spaces = new SqliteSpaceStore(journal, reader);
        this.objects = new SqliteObjectStore(journal, reader);
    }

    /**
     * Opens (or creates) the world in {@code directory}, which must exist.
     *
     * @throws StoreException with a sentence for the user: locked by another server, not a Pavel world, a newer
     *     format, or a database that cannot be opened or written
     */
    public static SqliteWorld open(Path directory, Options options) {
        Objects.requireNonNull(options, "options");
        DataLock lock = DataLock.take(directory);
        NativeLibraryHome.chooseIn(directory);
        Path file = directory.resolve(FILE);
        Connection writer = null;
        Connection reader = null;
        try {
            writer = connect(file, options);
            Schema.prepare(writer, file);
            probeWrite(writer);
            reader = connect(file, options);
            Journal journal = new Journal(writer, options.groupCommit());
            log.debug("Opened {} ({} commit)", file, options.groupCommit() ? "group" : "per-change");
            return new SqliteWorld(lock, reader, journal);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(reader);
            closeQuietly(writer);
            lock.close();
            if (e instanceof StoreException store) {
                throw store;
            }
            StoreException failure = e instanceof SQLException sql ? StoreException.of(sql)
                    : new StoreException(StoreException.Reason.UNAVAILABLE, e.toString(), e);
            throw new StoreException(failure.reason(), "Cannot open the world in " + file + ": "
                    + failure.getMessage(), e);
        }
    }

    /** The spaces' store. */
    public SpaceStore spaces() {
        return spaces;
    }

    /** The objects' store. */
    public ObjectStore objects() {
        return objects;
    }

    /**
     * Runs {@code changes}, which make changes through {@link #spaces()} and {@link #objects()} on this thread, and
     * keeps them all in one transaction of their own: once the returned future completes every one is durable (and
     * each change's own future completes with it); if it fails, none was made. What an import needs, so that it
     * never leaves half a world behind.
     */
    public CompletableFuture<Void> inOneTransaction(Runnable changes) {
        Objects.requireNonNull(changes, "changes");
        return journal.atomically(changes);
    }

    /** Transactions committed since it was opened. */
    public long commits() {
        return journal.commits();
    }

    /** Changes made durable since it was opened. */
    public long writes() {
        return journal.writes();
    }

    /** Commits what is queued, closes the database and lets go of the data directory. */
    @Override
    public void close() {
        journal.close();
        closeQuietly(readConnection);
        lock.close();
    }

    private static Connection connect(Path file, Options options) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a commit returns once the WAL is synced; a 2xx means the change survives a crash or a power cut.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5_000);
        config.enforceForeignKeys(false);
        // Nothing here reads generated keys; left on, the driver runs SELECT last_insert_rowid() after every INSERT,
        // on the journal's thread, which is what bounds group commits (docs/benchmarks.md, "Durability").
        config.setGetGeneratedKeys(false);
        Connection connection = config.createConnection("jdbc:sqlite:" + file);
        if (options.maxBytes() > 0) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA max_page_count = " + Math.max(16, options.maxBytes() / pageSize(connection)));
            }
        }
        return connection;
    }

    private static long pageSize(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                var result = statement.executeQuery("PRAGMA page_size")) {
            return result.next() ? result.getLong(1) : 4096;
        }
    }

    /** Fails now, with the reason, rather than at the first change: a read-only file or directory, a full disk. */
    private static void probeWrite(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("PRAGMA user_version = " + Schema.FORMAT);
            statement.execute("COMMIT");
        }
    }

    private static void closeQuietly(@Nullable Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing after a failure: the failure is what gets reported
            }
        }
    }
}

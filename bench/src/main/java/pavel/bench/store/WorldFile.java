package pavel.bench.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import pavel.server.store.SqliteWorld;

/**
 * A world's database read from beside the server (WAL lets a reader in while the journal writes): a space's head
 * version, its snapshot's version and how many ops its log holds. The bench uses it to wait for the background
 * snapshot before it closes a world, and to say what recovery will replay. Stateless.
 */
final class WorldFile {

    private static final long POLL_MILLIS = 200;

    /** A space as the database holds it. */
    record State(long head, long snapshot, long opRows) {
        /** The ops recovery replays onto the snapshot. */
        long toReplay() {
            return head - snapshot;
        }
    }

    private WorldFile() {}

    /** The database file of the world in {@code directory}. */
    static Path of(Path directory) {
        return directory.resolve(SqliteWorld.FILE);
    }

    /** The bytes of the database, its WAL included if there is one. */
    static long bytes(Path directory) throws IOException {
        Path file = of(directory);
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        return Files.size(file) + (Files.exists(wal) ? Files.size(wal) : 0);
    }

    static State read(Path directory, String space) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + of(directory))) {
            return new State(number(connection, "SELECT head FROM space WHERE name = ?", space),
                    number(connection, "SELECT version FROM snapshot WHERE space = ?", space),
                    number(connection, "SELECT count(*) FROM op WHERE space = ?", space));
        }
    }

    /**
     * Waits until the space's snapshot is within {@code every} ops of its head and has held still for a poll: a
     * space keeps a snapshot in the background once {@code every} ops are durable, and closing the world under it
     * would leave recovery more to replay than the server would.
     */
    static State awaitSnapshot(Path directory, String space, int every, Duration limit)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        State before = read(directory, space);
        while (true) {
            Thread.sleep(POLL_MILLIS);
            State now = read(directory, space);
            if (now.equals(before) && now.head() - now.snapshot() < every) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The snapshot of " + space + " did not catch up within " + limit
                        + ": " + now + ".");
            }
            before = now;
        }
    }

    private static long number(Connection connection, String sql, String space) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, space);
            try (ResultSet result = select.executeQuery()) {
                if (!result.next()) {
                    throw new IllegalStateException("No answer to " + sql + " for " + space + ".");
                }
                return result.getLong(1);
            }
        }
    }
}

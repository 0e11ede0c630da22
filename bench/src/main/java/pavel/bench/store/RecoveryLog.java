package pavel.bench.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import pavel.server.space.Space;
import pavel.server.space.SpaceConfig;
import pavel.server.space.Spaces;
import pavel.server.store.SqliteWorld;

/**
 * Writes a log of a given length into a fresh world, the way a server would: {@code main} changed by writers through
 * {@link Space#apply} with group commit and the snapshots {@code config} asks for, which the space keeps in the
 * background. Waits for the last snapshot before it closes the world, and says what recovery will find. Stateless.
 */
final class RecoveryLog {

    private static final Duration SNAPSHOT_WAIT = Duration.ofMinutes(2);

    /**
     * A world ready to be recovered.
     *
     * @param version the version of {@code main} (the log's length: every version is one op)
     * @param hash its document hash
     * @param nodes its nodes
     * @param state what the database holds for it
     * @param bytes the database's size
     * @param writeSeconds how long writing the log took
     */
    record Built(long version, String hash, int nodes, WorldFile.State state, long bytes, double writeSeconds) {
        String fields() {
            return String.format(Locale.ROOT, "version=%d nodes=%d head=%d snapshot=%d opRows=%d toReplay=%d"
                    + " bytes=%d writeSeconds=%.1f writePerSecond=%.0f", version, nodes, state.head(),
                    state.snapshot(), state.opRows(), state.toReplay(), bytes, writeSeconds, version / writeSeconds);
        }
    }

    private RecoveryLog() {}

    /** Writes {@code ops} ops (the first sets up the page) with {@code writers} writers into {@code directory}. */
    static Built write(Path directory, long ops, SpaceConfig config, int writers, int nodes)
            throws InterruptedException, SQLException, IOException {
        long version;
        String hash;
        int size;
        long begin = System.nanoTime();
        double seconds;
        try (OpenWorld open = OpenWorld.open(directory, SqliteWorld.Options.DEFAULTS, config)) {
            List<Space> main = open.prepareSpaces(1);
            new DurableWriters(main, writers, nodes).write(ops - main.getFirst().version());
            seconds = (System.nanoTime() - begin) / 1e9;
            version = main.getFirst().version();
            hash = main.getFirst().read(document -> document.hashHex());
            size = main.getFirst().read(document -> document.nodeCount());
            if (config.snapshotEvery() < Integer.MAX_VALUE) {
                WorldFile.awaitSnapshot(directory, Spaces.MAIN, config.snapshotEvery(), SNAPSHOT_WAIT);
            }
        }
        return new Built(version, hash, size, WorldFile.read(directory, Spaces.MAIN), WorldFile.bytes(directory),
                seconds);
    }
}

package pavel.bench.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import pavel.server.space.Space;
import pavel.server.space.SpaceConfig;
import pavel.server.space.Spaces;
import pavel.server.store.SqliteWorld;

/**
 * The measured side of recovery, in a JVM of its own so that the first recovery is a cold start, as after a crash:
 * {@code RecoveryWorker DIR SNAPSHOT_EVERY REPEATS} opens the world in {@code DIR} as the server does at start
 * ({@link SqliteWorld#open}, then {@link Spaces}, which loads every space's snapshot and replays its log, checking each
 * op's hash) {@code REPEATS} times, closing it in between, and answers each with a line on stdout:
 *
 * <pre>
 * @@ recovered repeat=1 ms=… openms=… loadms=… version=… hash=… nodes=… cpums=…
 * </pre>
 *
 * <p>{@code openms} is {@code SqliteWorld.open} (lock, connections, schema check, a probe write), {@code loadms}
 * building {@code Spaces} (the recovery proper), {@code ms} both. Then it waits for {@code quit} (or the end of
 * stdin). Single-threaded.
 */
public final class RecoveryWorker {

    private static final String REPLY = "@@ ";

    private RecoveryWorker() {}

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        int every = Integer.parseInt(args[1]);
        int repeats = Integer.parseInt(args[2]);
        SpaceConfig config = SpaceConfig.DEFAULTS.withSnapshotEvery(every);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        for (int repeat = 1; repeat <= repeats; repeat++) {
            long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long begin = System.nanoTime();
            SqliteWorld world = SqliteWorld.open(directory, SqliteWorld.Options.DEFAULTS);
            long opened = System.nanoTime();
            try (OpenWorld open = OpenWorld.recovered(world, config)) {
                long loaded = System.nanoTime();
                cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu;
                Space main = open.spaces().require(Spaces.MAIN);
                out.println(REPLY + String.format(Locale.ROOT, "recovered repeat=%d ms=%.1f openms=%.1f loadms=%.1f"
                        + " version=%d hash=%s nodes=%d cpums=%.1f", repeat, (loaded - begin) / 1e6,
                        (opened - begin) / 1e6, (loaded - opened) / 1e6, main.version(),
                        main.read(document -> document.hashHex()), main.read(document -> document.nodeCount()),
                        cpu / 1e6));
            }
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.trim().equals("quit")) {
            out.println(REPLY + "error unknown command '" + line + "'");
        }
    }
}

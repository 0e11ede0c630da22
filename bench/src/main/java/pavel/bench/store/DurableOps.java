package pavel.bench.store;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import pavel.bench.child.ChildJvm;
import pavel.bench.ptth.LoadOptions;
import pavel.server.space.Space;
import pavel.server.space.SpaceConfig;
import pavel.server.store.SqliteWorld;

/**
 * The durability benchmark (issue 6), in one run:
 *
 * <ul>
 *   <li><b>one sync</b> on the disk under {@code dir} ({@link FsyncProbe}, {@code syncs} of each pattern): the floor of
 *       a commit;</li>
 *   <li><b>durable ops/s</b> for each of {@code arms} ({@code MODE:WRITERS:SPACES}, MODE {@code group} for
 *       {@link SqliteWorld.Options#DEFAULTS}, {@code perop} for one commit per op, or {@code memory} for spaces
 *       without a disk, the bound), back to back in this JVM, each on a fresh world in a new directory under
 *       {@code dir}: {@code WRITERS} virtual threads apply {@link OpMix} ops with {@link Space#apply} (which returns
 *       once the op is durable) to {@code SPACES} spaces of about {@code nodes} nodes, {@code warmup} seconds
 *       unmeasured, then {@code seconds} counted. Afterwards the world is opened again and every space must come back
 *       at the version and hash it had;</li>
 *   <li><b>recovery</b> for each of {@code snapshots} ({@code off}, or ops between snapshots as
 *       {@link SpaceConfig#snapshotEvery()}) and each of {@code logs} (ops): the log written by {@link RecoveryLog}
 *       with {@code builders} writers, then {@code children} fresh {@link RecoveryWorker} JVMs, one after the other,
 *       each recovering the world {@code repeats} times; with {@code dropCache=1} the database's pages are dropped from
 *       the page cache before each child, so its first recovery reads the disk.</li>
 * </ul>
 *
 * <p>Arguments ({@code name=value}, all optional): {@code arms=perop:64:1,group:64:1,memory:64:1,perop:256:1,
 * group:256:1,memory:256:1,group:256:8 seconds=10 warmup=5 nodes=3000 syncs=2000 logs=100000,1000000
 * snapshots=10000,off builders=64 children=3 repeats=2 dropCache=1 dir=/tmp limit=900}; an empty {@code arms=} or
 * {@code logs=} skips that part. {@code limit} is the most seconds a recovery JVM may take. Run it with
 * {@code bench/durability-load.sh}, which prints a summary table at the end.
 */
public final class DurableOps {

    private static final PrintStream log = System.err;
    /** A recovery worker closes its world before it quits. */
    private static final long QUIT_SECONDS = 30;

    private final LoadOptions options;
    private final Path base;
    private final DurabilitySummary summary;

    private DurableOps(LoadOptions options, Path base, DurabilitySummary summary) {
        this.options = options;
        this.base = base;
        this.summary = summary;
    }

    public static void main(String[] args) throws Exception {
        String[] defaults = {"arms=perop:64:1,group:64:1,memory:64:1,perop:256:1,group:256:1,memory:256:1,group:256:8",
            "seconds=10", "warmup=5", "nodes=3000", "syncs=2000", "logs=100000,1000000", "snapshots=10000,off",
            "builders=64", "children=3", "repeats=2", "dropCache=1", "dir=/tmp", "limit=900"};
        LoadOptions options = LoadOptions.parse(defaults, args);
        Path base = Path.of(options.get("dir")).toAbsolutePath();
        FileStore store = Files.getFileStore(base);
        String disk = base + " on " + store.name() + " (" + store.type() + ")";
        log.println("durability-load: " + options + "; data under " + disk + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, load " + loadAverage());
        DurabilitySummary summary = new DurabilitySummary(disk);
        new DurableOps(options, base, summary).run();
    }

    private void run() throws Exception {
        long begin = System.nanoTime();
        FsyncProbe.Result sync = FsyncProbe.measure(base, options.number("syncs"));
        log.println("fsync: " + sync.fields());
        summary.sync(sync);
        for (String arm : list("arms")) {
            String[] parts = arm.split(":");
            arm(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        }
        for (String snapshots : list("snapshots")) {
            for (String ops : list("logs")) {
                recovery(Long.parseLong(ops), snapshots);
            }
        }
        summary.print(System.out, (System.nanoTime() - begin) / 1_000_000_000);
    }

    // ---- durable ops/s ----

    private void arm(String mode, int writers, int spaceCount) throws IOException, InterruptedException {
        String name = mode + ":" + writers + ":" + spaceCount;
        Path directory = Files.createTempDirectory(base, "pavel-durability-");
        try {
            log.println(name + ": " + writers + " writers on " + spaceCount + " spaces in " + directory + ", load "
                    + loadAverage());
            DurableWriters.Window window;
            Map<String, String> expected = new LinkedHashMap<>();
            try (OpenWorld open = open(mode, directory)) {
                List<Space> spaces = open.prepareSpaces(spaceCount);
                window = new DurableWriters(spaces, writers, options.number("nodes")).measure(open.world(),
                        Duration.ofSeconds(options.number("warmup")), Duration.ofSeconds(options.number("seconds")));
                for (Space space : spaces) {
                    expected.put(space.name(), describe(space));
                }
            }
            log.println(name + ": " + window.fields() + (window.firstFailure() == null ? ""
                    : " first failure: " + window.firstFailure()));
            String reopened = mode.equals("memory") ? "" : reopen(directory, expected);
            summary.arm(mode, writers, spaceCount, window, reopened, loadAverage());
        } finally {
            delete(directory);
        }
    }

    /** {@code group}: the server's options; {@code perop}: one commit per op; {@code memory}: no disk at all. */
    private static OpenWorld open(String mode, Path directory) {
        return switch (mode) {
            case "group" -> OpenWorld.open(directory, SqliteWorld.Options.DEFAULTS, SpaceConfig.DEFAULTS);
            case "perop" -> OpenWorld.open(directory, new SqliteWorld.Options(false, 0), SpaceConfig.DEFAULTS);
            case "memory" -> OpenWorld.inMemory(SpaceConfig.DEFAULTS);
            default -> throw new IllegalArgumentException("An arm's mode is group, perop or memory, not '" + mode
                    + "'.");
        };
    }

    /** Opens the world again: every space must be back at the version and hash it had when it was closed. */
    private static String reopen(Path directory, Map<String, String> expected) {
        try (OpenWorld open = OpenWorld.open(directory, SqliteWorld.Options.DEFAULTS, SpaceConfig.DEFAULTS)) {
            for (Map.Entry<String, String> space : expected.entrySet()) {
                String found = describe(open.spaces().require(space.getKey()));
                if (!found.equals(space.getValue())) {
                    return "DIFFERS: " + space.getKey() + " " + found + " instead of " + space.getValue();
                }
            }
        }
        return "same";
    }

    private static String describe(Space space) {
        return space.read(document -> document.version() + "/" + document.hashHex());
    }

    // ---- recovery ----

    private void recovery(long ops, String snapshots) throws Exception {
        int every = snapshots.equals("off") ? Integer.MAX_VALUE : Integer.parseInt(snapshots);
        SpaceConfig config = SpaceConfig.DEFAULTS.withSnapshotEvery(every);
        String name = ops + " ops, snapshots " + snapshots;
        Path directory = Files.createTempDirectory(base, "pavel-recovery-");
        try {
            log.println(name + ": writing the log in " + directory + ", load " + loadAverage());
            RecoveryLog.Built built = RecoveryLog.write(directory, ops, config, options.number("builders"),
                    options.number("nodes"));
            log.println(name + ": " + built.fields());
            List<Map<String, String>> recoveries = new ArrayList<>();
            for (int child = 1; child <= options.number("children"); child++) {
                boolean dropped = options.number("dropCache") == 1 && PageCache.drop(WorldFile.of(directory));
                for (Map<String, String> recovered : recoverInChild(directory, every, built, child)) {
                    recovered.put("cacheDropped", Boolean.toString(dropped && recovered.get("repeat").equals("1")));
                    recoveries.add(recovered);
                }
            }
            summary.recovery(ops, snapshots, built, recoveries, loadAverage());
        } finally {
            delete(directory);
        }
    }

    private List<Map<String, String>> recoverInChild(Path directory, int every, RecoveryLog.Built built, int child)
            throws IOException, InterruptedException {
        List<Map<String, String>> replies = new ArrayList<>();
        int repeats = options.number("repeats");
        ChildJvm worker = ChildJvm.start(List.of("--enable-native-access=ALL-UNNAMED"), RecoveryWorker.class,
                List.of(directory.toString(), Integer.toString(every), Integer.toString(repeats)),
                options.number("limit"), "recovery-" + child);
        try {
            for (int repeat = 1; repeat <= repeats; repeat++) {
                String reply = worker.reply("recovered");
                Map<String, String> fields = ChildJvm.fields(reply);
                log.println("recovery-" + child + ": " + reply);
                if (Long.parseLong(fields.get("version")) != built.version()
                        || !fields.get("hash").equals(built.hash())) {
                    throw new IllegalStateException("Recovered " + fields + ", but the log was written up to version "
                            + built.version() + " with hash " + built.hash() + ".");
                }
                replies.add(fields);
            }
        } finally {
            worker.close(QUIT_SECONDS);
        }
        return replies;
    }

    // ---- helpers ----

    private List<String> list(String option) {
        return Stream.of(options.get(option).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}

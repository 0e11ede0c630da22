package pavel.bench.store;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The figures of one {@link DurableOps} run as the Markdown tables that {@code docs/benchmarks.md} quotes: the sync,
 * the arms with each group-commit arm's ratio to the one-commit-per-op arm and to the in-memory arm of the same shape,
 * and the recoveries.
 *
 * <p>Not thread-safe: the run's one thread fills and prints it.
 */
final class DurabilitySummary {

    private record Arm(String mode, int writers, int spaces, DurableWriters.Window window, String reopened,
            String load) {}

    private record Recovery(long ops, String snapshots, RecoveryLog.Built built, List<Map<String, String>> runs,
            String load) {}

    private final String disk;
    private FsyncProbe.@Nullable Result sync;
    private final List<Arm> arms = new ArrayList<>();
    private final List<Recovery> recoveries = new ArrayList<>();

    DurabilitySummary(String disk) {
        this.disk = disk;
    }

    void sync(FsyncProbe.Result result) {
        this.sync = result;
    }

    void arm(String mode, int writers, int spaces, DurableWriters.Window window, String reopened, String load) {
        arms.add(new Arm(mode, writers, spaces, window, reopened, load));
    }

    void recovery(long ops, String snapshots, RecoveryLog.Built built, List<Map<String, String>> runs, String load) {
        recoveries.add(new Recovery(ops, snapshots, built, runs, load));
    }

    void print(PrintStream out, long seconds) {
        out.println();
        out.println("durability-load: " + seconds + " s; data under " + disk);
        if (sync != null) {
            out.println();
            out.println("| one sync: 4 KiB written + `force(false)` | p50 | p99 | mean | CPU of the syncing thread |");
            out.println("| --- | ---: | ---: | ---: | ---: |");
            out.println(String.format(Locale.ROOT, "| appending | %.0f µs | %.0f µs | %.0f µs | %.0f µs |",
                    sync.append().p50(), sync.append().p99(), sync.appendMeanMicros(), sync.appendCpuMicros()));
            out.println(String.format(Locale.ROOT, "| overwriting | %.0f µs | %.0f µs | %.0f µs | %.0f µs |",
                    sync.overwrite().p50(), sync.overwrite().p99(), sync.overwriteMeanMicros(),
                    sync.overwriteCpuMicros()));
        }
        if (!arms.isEmpty()) {
            printArms(out);
        }
        if (!recoveries.isEmpty()) {
            printRecoveries(out);
        }
    }

    private void printArms(PrintStream out) {
        out.println();
        out.println("| arm | writers | spaces | durable ops/s | p50 | p99 | commits/s | ops per commit | CPU per op:"
                + " process / journal thread / carriers | machine busy | load | failed | reopened |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |");
        for (Arm arm : arms) {
            DurableWriters.Window w = arm.window();
            boolean memory = arm.mode().equals("memory");
            out.println(String.format(Locale.ROOT, "| %s | %d | %d | **%,.0f** | %s | %s | %s | %s |"
                    + " %.1f / %.1f / %.1f µs | %.0f%% | %s | %d | %s |", arm.mode(), arm.writers(), arm.spaces(),
                    w.perSecond(), millis(w.latency().p50()), millis(w.latency().p99()),
                    memory ? "—" : String.format(Locale.ROOT, "%,.0f", w.commits() / w.seconds()),
                    memory ? "—" : String.format(Locale.ROOT, "%.1f", w.opsPerCommit()), perOp(w.cpuNanos(), w),
                    perOp(w.journalCpuNanos(), w), perOp(w.carrierCpuNanos(), w), w.machineBusy(), arm.load(),
                    w.failed(), arm.reopened()));
        }
        for (Arm group : arms) {
            if (group.mode().equals("group")) {
                ratio(out, group, "perop", "group ÷ per-op");
                ratio(out, group, "memory", "group ÷ memory");
            }
        }
    }

    private void ratio(PrintStream out, Arm group, String mode, String label) {
        Arm other = find(a -> a.mode().equals(mode) && a.writers() == group.writers() && a.spaces() == group.spaces());
        if (other != null) {
            out.println(String.format(Locale.ROOT, "| %s | %d | %d | **%.2f×** | | | | | | | | | |", label,
                    group.writers(), group.spaces(), group.window().perSecond() / other.window().perSecond()));
        }
    }

    private void printRecoveries(PrintStream out) {
        out.println();
        out.println("| log (ops) | snapshots | ops replayed (op rows kept) | database | log written at |"
                + " recovery, first in a fresh JVM: ms = open + load (CPU) | again in the same JVM | load |");
        out.println("| ---: | --- | ---: | ---: | ---: | --- | --- | ---: |");
        for (Recovery r : recoveries) {
            RecoveryLog.Built b = r.built();
            out.println(String.format(Locale.ROOT, "| %,d | %s | %,d (%,d) | %.1f MB | %,.0f ops/s | %s | %s | %s |",
                    r.ops(), r.snapshots().equals("off") ? "off" : "every " + r.snapshots(), b.state().toReplay(),
                    b.state().opRows(), b.bytes() / 1e6, b.version() / b.writeSeconds(),
                    runs(r.runs(), true), runs(r.runs(), false), r.load()));
        }
        out.println();
        out.println("(ms: wall time; open: SqliteWorld.open; load: new Spaces, which recovers; CPU: the recovering"
                + " thread's. First recoveries marked * had the database's pages dropped from the page cache first.)");
    }

    private static String runs(List<Map<String, String>> runs, boolean first) {
        List<String> cells = new ArrayList<>();
        for (Map<String, String> run : runs) {
            if (run.get("repeat").equals("1") == first) {
                cells.add(String.format(Locale.ROOT, "%,.0f = %,.0f + %,.0f (%,.0f)%s", number(run, "ms"),
                        number(run, "openms"), number(run, "loadms"), number(run, "cpums"),
                        Boolean.parseBoolean(run.get("cacheDropped")) ? "*" : ""));
            }
        }
        return String.join(" / ", cells);
    }

    private static double number(Map<String, String> run, String field) {
        return Double.parseDouble(run.get(field));
    }

    private @Nullable Arm find(Predicate<Arm> wanted) {
        for (Arm arm : arms) {
            if (wanted.test(arm)) {
                return arm;
            }
        }
        return null;
    }

    private static String millis(double micros) {
        return String.format(Locale.ROOT, micros < 10_000 ? "%.2f ms" : "%.0f ms", micros / 1000);
    }

    private static double perOp(long nanos, DurableWriters.Window w) {
        return w.ops() == 0 ? Double.NaN : nanos / 1e3 / w.ops();
    }
}

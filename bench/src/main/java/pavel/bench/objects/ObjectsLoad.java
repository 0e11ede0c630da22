package pavel.bench.objects;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import pavel.bench.child.ChildJvm;
import pavel.bench.ptth.CpuTime;
import pavel.bench.ptth.LoadOptions;

/**
 * The objects benchmark (issue 5). Starts one {@link ObjectsWorker} JVM per arm, one after the other, and has each
 * run the same scenarios in process ({@code LiveObjects}, in-memory store, no HTTP):
 *
 * <ul>
 *   <li>arms: {@code compiled} (the JVM flags of {@code ./pavel serve}: JVMCI with the Graal compiler on the upgrade
 *       module path, so Truffle compiles hot JavaScript), {@code interpreted} (the same JVM without those flags:
 *       Truffle's fallback runtime, which only interprets, under the same sandbox policy) and {@code nocompile}
 *       (the Graal runtime with {@code ScriptConfig.runtimeCompilation(false)}, which sets the engine option
 *       {@code engine.Compilation=false} and, because the constrained sandbox refuses that option, the trusted
 *       policy);</li>
 *   <li><b>messages/s</b> for each of {@code scenarios} ({@code KIND:OBJECTS}; {@code trivial} is the counter of the
 *       issue, {@code arith} and {@code sort} handlers that do real work, see {@link Behaviours}): unmeasured windows
 *       of {@code warmupWindow} seconds until the rate stops rising by more than 10% (at least {@code warmup}, at most
 *       {@code warmupMax} seconds), then {@code seconds} counted, at most {@code window} messages per object
 *       outstanding;</li>
 *   <li><b>hot swap</b>: {@code swapWarmup} then {@code swaps} new behaviour versions of one idle object, each timed
 *       from {@code putBehaviour} to the answer of the first message that runs under it;</li>
 *   <li><b>over HTTP</b> (compiled arm, {@code http=1}): the whole server in the worker, {@code clients} threads here
 *       casting {@code POST /objects/trivial-k} to {@code actors} objects ({@link HttpCasts});</li>
 *   <li><b>heap per idle object</b> (in a worker of its own with the compiled arm's flags and
 *       {@code -Xmx<idleHeap>}): live bytes after a full GC, before and after making {@code idle} objects sharing one
 *       prototype's behaviour, then {@code idleOwn} objects each with its own (each PUT compiles it in a throwaway
 *       context, 5 to 10 ms, hence fewer); with {@code contexts=1} also after one message each (every object holds a
 *       context) and after their contexts were evicted.</li>
 * </ul>
 *
 * <p>Arguments ({@code name=value}, all optional): {@code arms=compiled,interpreted,nocompile
 * scenarios=trivial:1,trivial:100,arith:1,sort:1 seconds=10 warmup=10 warmupMax=60 warmupWindow=5 window=100
 * swaps=200 swapWarmup=20 http=1 actors=100 clients=4 idle=10000 idleOwn=1000 contexts=1 workerHeap=2g idleHeap=4g
 * limit=1200 upgrade=server/target/lib/upgrade};
 * {@code swaps=0}, {@code http=0}, {@code idle=0} or {@code scenarios=} (empty) skip that part. Run it with
 * {@code bench/objects-load.sh}, which prints a summary table at the end.
 */
public final class ObjectsLoad {

    private static final String HOST = "127.0.0.1";
    private static final PrintStream log = System.err;
    private static final long DRAIN_MILLIS = 60_000;

    private final LoadOptions options;
    /** Results by row, then by arm. */
    private final Map<String, Map<String, Map<String, String>>> results = new LinkedHashMap<>();
    private final Map<String, String> runtimes = new LinkedHashMap<>();

    private ObjectsLoad(LoadOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String[] defaults = {"arms=compiled,interpreted,nocompile", "scenarios=trivial:1,trivial:100,arith:1,sort:1",
            "seconds=10", "warmup=10", "warmupMax=60", "warmupWindow=5", "window=100", "swaps=200", "swapWarmup=20",
            "http=1", "actors=100", "clients=4",
            "idle=10000", "idleOwn=1000", "contexts=1", "workerHeap=2g", "idleHeap=4g", "limit=1200",
            "upgrade=server/target/lib/upgrade"};
        LoadOptions options = LoadOptions.parse(defaults, args);
        log.println("objects-load: " + options + ", " + Runtime.getRuntime().availableProcessors() + " cores, load "
                + loadAverage());
        new ObjectsLoad(options).run();
    }

    private void run() throws IOException, InterruptedException {
        long begin = System.nanoTime();
        for (String arm : options.get("arms").split(",")) {
            if (!arm.isBlank()) {
                runArm(arm.trim());
            }
        }
        if (options.number("idle") > 0) {
            idleHeap();
        }
        summary(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin));
    }

    private void runArm(String arm) throws IOException, InterruptedException {
        List<String> args = arm.equals("nocompile") ? List.of("nocompile") : List.of();
        try (WorkerProcess worker = WorkerProcess.start(jvmFlags(arm, options.get("workerHeap")), args,
                options.number("limit"), arm)) {
            Map<String, String> runtime = worker.call("runtime");
            runtimes.put(arm, runtime.get("name") + (Boolean.parseBoolean(runtime.get("compiles")) ? ", compiles"
                    : ", does not compile"));
            String window = options.get("window");
            for (String scenario : options.get("scenarios").split(",")) {
                if (scenario.isBlank()) {
                    continue;
                }
                String[] parts = scenario.trim().split(":");
                String command = "throughput " + parts[0] + " " + parts[1] + " ";
                String warmup = warmUp(worker, command, window);
                Map<String, String> measured = worker.call(command + options.get("seconds") + " " + window);
                measured.put("warmup", warmup);
                put(parts[0] + ", " + parts[1] + (parts[1].equals("1") ? " actor" : " actors"), arm, measured);
            }
            if (options.number("swaps") > 0) {
                put("hot swap", arm, worker.call("swap " + options.get("swaps") + " " + options.get("swapWarmup")));
            }
            if (arm.equals("compiled") && options.number("http") > 0) {
                put("HTTP casts, " + options.get("actors") + " actors", arm, overHttp(worker));
            }
        }
    }

    /**
     * Runs a scenario unmeasured in windows of {@code warmupWindow} seconds until, after at least {@code warmup}
     * seconds, a window is no more than 10% faster than the one before, or {@code warmupMax} seconds have gone: the
     * compiled arm gets faster for tens of seconds on this machine (the Graal compiler is Java code that HotSpot has to
     * compile first). Answers the windows' rates, {@code /}-separated.
     */
    private String warmUp(WorkerProcess worker, String command, String window) throws IOException {
        int step = options.number("warmupWindow");
        List<String> rates = new ArrayList<>();
        double previous = -1;
        for (int spent = step; ; spent += step) {
            double rate = Double.parseDouble(worker.call(command + step + " " + window).get("perSecond"));
            rates.add(String.format(Locale.ROOT, "%.0f", rate));
            if ((spent >= options.number("warmup") && previous > 0 && rate <= previous * 1.10)
                    || spent >= options.number("warmupMax")) {
                return String.join("/", rates);
            }
            previous = rate;
        }
    }

    /** The worker's JVM flags: the heap, and for the compiled arms the Graal compiler as {@code ./pavel serve} has. */
    private List<String> jvmFlags(String arm, String heap) {
        List<String> flags = new ArrayList<>(List.of("-Xmx" + heap));
        switch (arm) {
            case "compiled", "nocompile" -> flags.addAll(List.of("-XX:+UnlockExperimentalVMOptions",
                    "-XX:+EnableJVMCI", "--upgrade-module-path=" + Path.of(options.get("upgrade")).toAbsolutePath()));
            case "interpreted" -> { }
            default -> throw new IllegalArgumentException(
                    "An arm is compiled, interpreted or nocompile, not '" + arm + "'.");
        }
        flags.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        return flags;
    }

    /**
     * The whole server in the worker; casts from here for {@code warmup} seconds unmeasured, then {@code seconds}
     * counted; what the objects handled meanwhile (their states' counts), and the backlog left in their mailboxes.
     */
    private Map<String, String> overHttp(WorkerProcess worker) throws IOException, InterruptedException {
        int actors = options.number("actors");
        int clients = options.number("clients");
        int port = Integer.parseInt(worker.call("serve " + actors).get("port"));
        HttpCasts casts = new HttpCasts(HOST, port);
        casts.sustain(clients, actors, options.number("warmup"));
        drain(worker, actors);
        Map<String, String> before = worker.call("count " + actors);
        long clientCpu = CpuTime.process();
        long[] machine = CpuTime.machine();
        HttpCasts.Sustained sustained = casts.sustain(clients, actors, options.number("seconds"));
        clientCpu = CpuTime.process() - clientCpu;
        long[] machineAfter = CpuTime.machine();
        Map<String, String> after = worker.call("count " + actors);
        long handled = Long.parseLong(after.get("handled")) - Long.parseLong(before.get("handled"));
        long serverCpu = Long.parseLong(after.get("cpums")) - Long.parseLong(before.get("cpums"));
        Map<String, String> fields = new LinkedHashMap<>(ChildJvm.fields(sustained.fields()));
        fields.put("handled", Long.toString(handled));
        fields.put("handledPerSecond", String.format(Locale.ROOT, "%.0f", handled / sustained.seconds()));
        fields.put("backlog", after.get("mailbox"));
        fields.put("servercpums", Long.toString(serverCpu));
        fields.put("clientcpums", Long.toString(TimeUnit.NANOSECONDS.toMillis(clientCpu)));
        fields.put("servercpuusPerCast", String.format(Locale.ROOT, "%.0f", serverCpu * 1e3 / sustained.casts()));
        fields.put("clientcpuusPerCast", String.format(Locale.ROOT, "%.0f", clientCpu / 1e3 / sustained.casts()));
        long total = machineAfter[1] - machine[1];
        fields.put("machineBusy", String.format(Locale.ROOT, "%.0f",
                total == 0 ? Double.NaN : 100.0 * (machineAfter[0] - machine[0]) / total));
        fields.put("load1", loadAverage());
        fields.put("drainms", Long.toString(drain(worker, actors)));
        return fields;
    }

    /** Waits until no message waits in the counters' mailboxes; answers how long that took. */
    private static long drain(WorkerProcess worker, int actors) throws IOException, InterruptedException {
        long begin = System.nanoTime();
        while (Integer.parseInt(worker.call("count " + actors).get("mailbox")) > 0) {
            if (System.nanoTime() - begin > TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS)) {
                throw new IllegalStateException("The mailboxes did not drain in " + DRAIN_MILLIS + " ms.");
            }
            Thread.sleep(100);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
    }

    private void idleHeap() throws IOException, InterruptedException {
        try (WorkerProcess worker = WorkerProcess.start(jvmFlags("compiled", options.get("idleHeap")), List.of(),
                options.number("limit"), "heap")) {
            worker.call("runtime");
            put("heap per idle object", "compiled",
                    worker.call("heap " + options.get("idle") + " " + options.get("idleOwn") + " "
                            + options.get("contexts")));
        }
    }

    private void put(String row, String arm, Map<String, String> fields) {
        log.println(arm + ": " + row + " " + fields);
        results.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(arm, fields);
    }

    // ---- the summary ----

    private void summary(long seconds) {
        PrintStream out = System.out;
        List<String> arms = new ArrayList<>();
        for (Map<String, Map<String, String>> byArm : results.values()) {
            for (String arm : byArm.keySet()) {
                if (!arms.contains(arm) && runtimes.containsKey(arm)) {
                    arms.add(arm);
                }
            }
        }
        out.println();
        out.println("objects-load: " + seconds + " s; runtimes: " + runtimes);
        out.println();
        StringBuilder header = new StringBuilder("| scenario |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (String arm : arms) {
            header.append(' ').append(arm).append(" (").append(runtimes.get(arm)).append(") |");
            rule.append(" --- |");
        }
        boolean ratios = arms.contains("compiled") && arms.size() > 1;
        if (ratios) {
            header.append(" compiled msg/s ÷ others' |");
            rule.append(" ---: |");
        }
        out.println(header);
        out.println(rule);
        results.forEach((row, byArm) -> {
            if (row.startsWith("heap")) {
                return;
            }
            StringBuilder line = new StringBuilder("| " + row + " |");
            for (String arm : arms) {
                Map<String, String> fields = byArm.get(arm);
                line.append(' ').append(fields == null ? "" : cell(row, fields)).append(" |");
            }
            if (ratios) {
                line.append(' ').append(ratios(row, byArm, arms)).append(" |");
            }
            out.println(line);
        });
        Map<String, Map<String, String>> heap = results.get("heap per idle object");
        if (heap != null) {
            out.println();
            out.println(heapTable(heap.get("compiled")));
        }
    }

    private static String cell(String row, Map<String, String> f) {
        if (row.startsWith("hot swap")) {
            return String.format(Locale.ROOT, "p50 %s ms, **p99 %s ms**, max %s ms (%s swaps; put p50 %s / p99 %s ms,"
                            + " first message p50 %s / p99 %s ms); load %s",
                    ms(f.get("p50us")), ms(f.get("p99us")), ms(f.get("maxus")), f.get("count"), ms(f.get("putp50us")),
                    ms(f.get("putp99us")), ms(f.get("firstp50us")), ms(f.get("firstp99us")), f.get("load1"));
        }
        if (row.startsWith("HTTP")) {
            return String.format(Locale.ROOT, "**%s casts/s** accepted, %s handled/s (%s clients; request p50 %s µs,"
                            + " p99 %s µs; %s failed; backlog %s, drained in %s ms); CPU per cast: server %s µs,"
                            + " client %s µs; busy %s%%, load %s",
                    f.get("perSecond"), f.get("handledPerSecond"), f.get("clients"), f.get("p50us"), f.get("p99us"),
                    f.get("failed"), f.get("backlog"), f.get("drainms"), f.get("servercpuusPerCast"),
                    f.get("clientcpuusPerCast"), f.get("machineBusy"), f.get("load1"));
        }
        String failed = "0".equals(f.get("failed")) ? "" : "; " + f.get("failed") + " failed";
        return String.format(Locale.ROOT, "**%s msg/s** (%s in %s s%s); %s µs CPU per message (%s of it posting);"
                        + " busy %s%%, load %s; warm-up msg/s %s",
                f.get("perSecond"), f.get("handled"), f.get("seconds"), failed, f.get("cpuusPerMessage"),
                f.get("feederCpuusPerMessage"), f.get("machineBusy"), f.get("load1"), f.get("warmup"));
    }

    /** Compiled against each other arm: messages/s over messages/s. */
    private static String ratios(String row, Map<String, Map<String, String>> byArm, List<String> arms) {
        Map<String, String> compiled = byArm.get("compiled");
        if (compiled == null || row.startsWith("HTTP") || row.startsWith("hot swap")) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String arm : arms) {
            Map<String, String> other = byArm.get(arm);
            if (arm.equals("compiled") || other == null) {
                continue;
            }
            double ratio = Double.parseDouble(compiled.get("perSecond")) / Double.parseDouble(other.get("perSecond"));
            parts.add(String.format(Locale.ROOT, "%.1f× %s", ratio, arm));
        }
        return String.join(", ", parts);
    }

    private static String heapTable(@Nullable Map<String, String> f) {
        if (f == null) {
            return "";
        }
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "Heap per idle object (live bytes in the class histogram after a full"
                        + " GC, each count taken once the heap held within 512 KiB for 12 s, over the count before the"
                        + " objects were made; load %s):%n%n", f.get("load1")));
        table.append("| objects | never ran (no context) | with a live context | after eviction |\n");
        table.append("| --- | ---: | ---: | ---: |\n");
        for (String kind : List.of("shared", "own")) {
            String count = f.get(kind.equals("shared") ? "objects" : "ownObjects");
            if (count == null) {
                continue;
            }
            String label = String.format(Locale.ROOT, "%,d %s", Integer.parseInt(count),
                    kind.equals("shared") ? "sharing one prototype's behaviour" : "each with its own behaviour");
            String context = f.get(kind + "ContextPerObject");
            String evicted = f.get(kind + "EvictedPerObject");
            table.append(String.format(Locale.ROOT, "| %s | %s (made in %s ms) | %s | %s |%n", label,
                    bytes(f.get(kind + "PerObject")), f.get(kind + "Putms"),
                    context == null ? "–" : "**" + bytes(context) + "** (" + f.get(kind + "Contexts")
                            + " contexts, first messages in " + f.get(kind + "FirstMessagesms") + " ms"
                            + ("0".equals(f.get(kind + "Failed")) ? "" : ", " + f.get(kind + "Failed") + " failed")
                            + ")",
                    evicted == null ? "–" : "**" + bytes(evicted) + "** (" + f.get(kind + "ContextsLeft")
                            + " contexts left)"));
        }
        String classes = f.get("sharedContextClasses");
        if (classes != null) {
            table.append(String.format(Locale.ROOT, "%nWhat a context holds, the classes that grew most (bytes per"
                    + " context): %s.%n", classes.replace(",", ", ").replace(":", " ")));
        }
        table.append(String.format(Locale.ROOT, "%nLive before the shared objects: %s; with them: %s; with their"
                        + " contexts: %s.%n", mib(f.get("sharedBaseBytes")), mib(f.get("sharedBytes")),
                mib(f.get("sharedContextBytes"))));
        return table.toString();
    }

    private static String bytes(@Nullable String value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%,d B", Long.parseLong(value));
    }

    private static String mib(@Nullable String value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.1f MiB", Long.parseLong(value) / 1048576.0);
    }

    private static String ms(@Nullable String micros) {
        return micros == null ? "–" : String.format(Locale.ROOT, "%.1f", Double.parseDouble(micros) / 1000);
    }

    /** The 1-minute load average ({@code /proc/loadavg}), or {@code ?}. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}

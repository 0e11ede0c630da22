package pavel.bench.objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;
import pavel.bench.ptth.CpuTime;
import pavel.bench.ptth.Latencies;
import pavel.server.PavelRoutes;
import pavel.server.PavelServer;
import pavel.server.ServerConfig;
import pavel.server.Version;
import pavel.server.object.LiveObjects;
import pavel.server.ptth.PtthConfig;
import pavel.server.script.ScriptConfig;
import pavel.server.script.ScriptEngine;
import pavel.server.session.SessionRegistry;
import pavel.server.space.SpaceConfig;
import pavel.server.space.Spaces;
import pavel.server.store.MemorySpaceStore;

/**
 * The measured side of the objects benchmark: {@link LiveObjects} wired as {@code ServerLauncher} wires it (a
 * {@link ScriptEngine} with {@link ScriptConfig#DEFAULTS}, spaces over a {@link MemorySpaceStore}), in a JVM whose
 * flags decide the Truffle runtime. {@code ObjectsWorker nocompile} turns Truffle's compilation off through
 * {@link ScriptConfig#runtimeCompilation()} instead. It takes one command a line on stdin and answers each with one
 * line on stdout that starts with {@code @@ }:
 *
 * <pre>
 * runtime                                → @@ runtime name=… compiles=… java=…
 * throughput KIND OBJECTS SECONDS WINDOW → @@ throughput kind=… objects=… handled=… seconds=… perSecond=… cpums=… …
 * swap SWAPS WARMUP                      → @@ swap swaps=… count=… p50us=… p99us=… maxus=… putp50us=… … firstp99us=…
 * heap SHARED OWN CONTEXTS               → @@ heap objects=… sharedPerObject=… sharedContextPerObject=… …
 * serve OBJECTS                          → @@ serve port=…   (the whole server on 127.0.0.1, OBJECTS trivial counters)
 * count OBJECTS                          → @@ count handled=… mailbox=… cpums=…
 * quit                                   → exits (so does the end of stdin)
 * </pre>
 *
 * <p>{@code throughput} makes {@code OBJECTS} objects {@code KIND-0…} (once), each with its own copy of behaviour
 * {@code KIND} ({@link Behaviours}), and feeds them from two threads (one for one object) for {@code SECONDS},
 * keeping at most {@code WINDOW} messages per object posted and not yet handled; a message counts when its
 * {@code ?reply}-style outcome completes, that is, when its handler has run to its end. A handler that fails (over its
 * time budget on a starved machine, say) is counted in {@code failed}, not in {@code handled}; a wrong answer ends the
 * run. {@code cpums} is this process's CPU time meanwhile, {@code feederCpuusPerMessage} the feeders' share of it
 * (posting: the load generator's side). Logs go to stderr. Single-threaded apart from the feeders and the outcomes'
 * callbacks.
 */
public final class ObjectsWorker {

    private static final String REPLY = "@@ ";
    /** The key of a histogram's total. */
    private static final String TOTAL = "Total";
    private static final long WAIT_SECONDS = 120;
    /** Every this many working messages, the reply is checked against {@link Behaviours#expected}. */
    private static final int CHECK_EVERY = 256;
    /** Objects, and messages among them, that warm the engine up before the heap is measured. */
    private static final int WARM_OBJECTS = 500;
    private static final int WARM_MESSAGES = 20_000;
    /** How long the heap must hold still before it is measured, how often it is looked at, and for how long at most. */
    private static final long STABLE_MILLIS = 12_000;
    private static final long SETTLE_STEP_MILLIS = 3_000;
    private static final long SETTLE_MAX_MILLIS = 60_000;

    private final ScriptEngine scripts;
    private final LiveObjects live;
    private final ObjectCalls objects;
    private final SessionRegistry sessions;
    private final Spaces spaces;
    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out;
    private final Map<String, Integer> made = new LinkedHashMap<>();
    private @Nullable PavelServer server;

    private ObjectsWorker(ScriptConfig config, PrintStream out) {
        this.out = out;
        this.sessions = new SessionRegistry(PtthConfig.newBuilder().build());
        this.spaces = new Spaces(new MemorySpaceStore(10_000), sessions, SpaceConfig.DEFAULTS);
        this.scripts = new ScriptEngine(config);
        this.live = new LiveObjects(scripts, spaces, sessions, json);
        this.objects = new ObjectCalls(live);
    }

    /** {@code ObjectsWorker [compile|nocompile]}: {@code nocompile} runs with Truffle's compilation turned off. */
    public static void main(String[] args) throws IOException, InterruptedException {
        boolean compile = args.length == 0 || !args[0].equals("nocompile");
        ScriptConfig config = ScriptConfig.newBuilder().runtimeCompilation(compile).build();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ObjectsWorker worker = new ObjectsWorker(config, out);
        try {
            worker.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        } finally {
            worker.close();
        }
    }

    private void serve(BufferedReader in) throws IOException, InterruptedException {
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            try {
                switch (words[0]) {
                    case "runtime" -> out.println(REPLY + "runtime name=" + scripts.runtimeName().replace(' ', '_')
                            + " compiles=" + scripts.compiles() + " java=" + Runtime.version());
                    case "throughput" -> out.println(REPLY + throughput(words[1], Integer.parseInt(words[2]),
                            Integer.parseInt(words[3]), Integer.parseInt(words[4])));
                    case "swap" -> out.println(REPLY + swap(Integer.parseInt(words[1]), Integer.parseInt(words[2])));
                    case "heap" -> out.println(REPLY + heap(Integer.parseInt(words[1]), Integer.parseInt(words[2]),
                            Integer.parseInt(words[3])));
                    case "serve" -> out.println(REPLY + serve(Integer.parseInt(words[1])));
                    case "count" -> out.println(REPLY + count(Integer.parseInt(words[1])));
                    case "quit" -> {
                        return;
                    }
                    case "" -> { }
                    default -> out.println(REPLY + "error unknown command '" + line + "'");
                }
            } catch (RuntimeException | ExecutionException | TimeoutException e) {
                e.printStackTrace();
                out.println(REPLY + words[0] + " error=" + e.toString().replace(' ', '_'));
            }
        }
    }

    private void close() {
        if (server != null) {
            server.stop();
        }
        live.close();
        scripts.close();
        spaces.close();
        sessions.close();
    }

    // ---- messages per second ----

    /** Objects {@code KIND-0 … KIND-(n-1)}, each with its own copy of the behaviour; made once. */
    private List<String> make(String kind, int n) {
        int have = made.getOrDefault(kind, 0);
        for (int i = have; i < n; i++) {
            String name = kind + "-" + i;
            objects.put(name, "{\"n\":0}");
            objects.putBehaviour(name, new String(Behaviours.source(kind)));
        }
        made.put(kind, Math.max(have, n));
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(kind + "-" + i);
        }
        return names;
    }

    private String throughput(String kind, int n, int seconds, int window) throws InterruptedException {
        List<String> names = make(kind, n);
        long before = handledSoFar(names);
        Semaphore permits = new Semaphore(window * n);
        LongAdder handled = new LongAdder();
        LongAdder checked = new LongAdder();
        LongAdder failed = new LongAdder();
        LongAdder feederCpu = new LongAdder();
        AtomicReference<@Nullable String> failedFirst = new AtomicReference<>();
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        int feeders = Math.min(2, n);
        long cpuBefore = CpuTime.process();
        long[] machineBefore = CpuTime.machine();
        long begin = System.nanoTime();
        long deadline = begin + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int f = 0; f < feeders; f++) {
            int feeder = f;
            threads.add(Thread.ofPlatform().daemon().name("feeder-" + f).start(() -> {
                long k = feeder;
                int next = feeder;
                long cpuAtStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                try {
                    while (System.nanoTime() < deadline && failure.get() == null) {
                        permits.acquire();
                        long message = k;
                        objects.post(names.get(next), Behaviours.message(kind, message)).whenComplete((reply, e) -> {
                            if (e != null) {
                                failed.increment(); // a handler over its budget on a starved machine, say
                                if (failedFirst.get() == null) {
                                    failedFirst.compareAndSet(null, e.getMessage());
                                }
                            } else {
                                handled.increment();
                                if (!kind.equals("trivial") && message % CHECK_EVERY == 0) {
                                    String expected = Behaviours.expected(kind, message);
                                    if (!reply.equals(expected)) {
                                        failure.compareAndSet(null, new IllegalStateException(kind + " message "
                                                + message + " answered " + reply + ", not " + expected + "."));
                                    }
                                    checked.increment();
                                }
                            }
                            permits.release();
                        });
                        k += feeders;
                        next += feeders;
                        if (next >= names.size()) {
                            next = feeder;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    feederCpu.add(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuAtStart);
                }
            }));
        }
        long counted;
        long now = System.nanoTime();
        while (now < deadline) {
            TimeUnit.NANOSECONDS.sleep(Math.min(deadline - now, TimeUnit.MILLISECONDS.toNanos(100)));
            now = System.nanoTime();
        }
        counted = handled.sum();
        long end = System.nanoTime();
        long cpu = CpuTime.process() - cpuBefore;
        long[] machineAfter = CpuTime.machine();
        for (Thread thread : threads) {
            thread.join();
        }
        // Every message posted has been handled before the next measurement starts.
        if (!permits.tryAcquire(window * n, WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Messages were still unhandled " + WAIT_SECONDS + " s after the end.");
        }
        Throwable wrong = failure.get();
        if (wrong != null) {
            throw new IllegalStateException(wrong.getMessage(), wrong);
        }
        if (failedFirst.get() != null) {
            System.err.println("worker: " + failed.sum() + " messages failed, the first with: " + failedFirst.get());
        }
        long inStates = handledSoFar(names) - before;
        if (inStates != handled.sum()) {
            throw new IllegalStateException("The states counted " + inStates + " messages, the outcomes "
                    + handled.sum() + ".");
        }
        double elapsed = (end - begin) / 1e9;
        return String.format(Locale.ROOT,
                "throughput kind=%s objects=%d window=%d handled=%d seconds=%.2f perSecond=%.0f cpums=%d"
                        + " cpuusPerMessage=%.1f"
                        + " feederCpuusPerMessage=%.1f machineBusy=%.0f checked=%d total=%d failed=%d",
                kind, n, window, counted, elapsed, counted / elapsed, TimeUnit.NANOSECONDS.toMillis(cpu),
                cpu / 1e3 / Math.max(1, counted), feederCpu.sum() / 1e3 / Math.max(1, counted),
                busy(machineBefore, machineAfter), checked.sum(), handled.sum(), failed.sum());
    }

    /** The sum of {@code n} over the objects' states: how many messages they have handled. */
    private long handledSoFar(List<String> names) {
        long sum = 0;
        for (String name : names) {
            try {
                sum += json.readTree(objects.state(name)).path("n").asLong();
            } catch (IOException e) {
                throw new IllegalStateException("The state of " + name + " is not JSON", e);
            }
        }
        return sum;
    }

    // ---- hot swap ----

    /**
     * {@code warmup + swaps} times: a new version of the swap object's behaviour ({@link Behaviours#swap}, a new
     * text each time), then a message that answers the version; timed from the put to the answer.
     */
    private String swap(int swaps, int warmup) throws InterruptedException, ExecutionException, TimeoutException {
        String name = "swap";
        objects.put(name, "{\"n\":0}");
        long[] total = new long[swaps];
        long[] put = new long[swaps];
        long[] first = new long[swaps];
        long cpuBefore = 0;
        long begin = 0;
        for (int i = 0; i < warmup + swaps; i++) {
            if (i == warmup) {
                cpuBefore = CpuTime.process();
                begin = System.nanoTime();
            }
            long start = System.nanoTime();
            int version = objects.putBehaviour(name, Behaviours.swap(i + 1));
            long compiled = System.nanoTime();
            String reply = objects.post(name, Behaviours.VERSION).get(WAIT_SECONDS, TimeUnit.SECONDS);
            long answered = System.nanoTime();
            if (version != i + 1 || !reply.equals(Integer.toString(i + 1))) {
                throw new IllegalStateException("Swap " + (i + 1) + " became version " + version + " and answered "
                        + reply + ".");
            }
            if (i >= warmup) {
                total[i - warmup] = answered - start;
                put[i - warmup] = compiled - start;
                first[i - warmup] = answered - compiled;
            }
            objects.post(name, Behaviours.INC).get(WAIT_SECONDS, TimeUnit.SECONDS); // the new context is in use
        }
        long wall = System.nanoTime() - begin;
        long cpu = CpuTime.process() - cpuBefore;
        Latencies all = Latencies.of(total, swaps, 0);
        Latencies puts = Latencies.of(put, swaps, 0);
        Latencies firsts = Latencies.of(first, swaps, 0);
        return String.format(Locale.ROOT, "swap swaps=%d %s putp50us=%.0f putp99us=%.0f firstp50us=%.0f"
                        + " firstp99us=%.0f wallms=%d cpums=%d",
                swaps, all.fields(), puts.p50(), puts.p99(), firsts.p50(), firsts.p99(),
                TimeUnit.NANOSECONDS.toMillis(wall), TimeUnit.NANOSECONDS.toMillis(cpu));
    }

    // ---- heap per idle object ----

    /**
     * Live bytes after a full GC, per object over those before them: {@code n} objects sharing one prototype's
     * behaviour; then (if {@code contexts}) after one message each, so that each holds a context; then after their
     * contexts were evicted. The same again for {@code own} more objects with a behaviour of their own (the same text,
     * each its own string, as a PUT makes it; each PUT compiles it, in a throwaway context, so these are slower to
     * make). First {@value #WARM_OBJECTS} objects handle {@value #WARM_MESSAGES} messages among them and lose their
     * contexts, so that what the engine sets up once (the prelude's code, the compiled handler) is in the heap before
     * the first measurement; every measurement waits for the heap to settle ({@link #settledHeap()}).
     */
    private String heap(int n, int own, int contexts) throws InterruptedException {
        List<String> warm = new ArrayList<>();
        for (int i = 0; i < WARM_OBJECTS; i++) {
            String name = "idle-warm-" + i;
            objects.put(name, "{\"n\":0,\"id\":" + i + "}");
            objects.putBehaviour(name, new String(Behaviours.TRIVIAL));
            warm.add(name);
        }
        objects.put("idle-proto", "{}");
        objects.putBehaviour("idle-proto", Behaviours.TRIVIAL);
        Map<String, String> fields = new LinkedHashMap<>();
        long begin = System.nanoTime();
        long failed = 0;
        for (int round = 0; round < WARM_MESSAGES / WARM_OBJECTS; round++) {
            failed += oneEach(warm);
        }
        fields.put("warmFailed", Long.toString(failed));
        for (String name : warm) {
            scripts.contexts().evict(name);
        }
        fields.put("warmms", Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)));
        fields.put("objects", Integer.toString(n));
        long settling = System.nanoTime();
        long base = settledHeap();
        fields.put("settledms", Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - settling)));
        long last = idle("shared", n, contexts > 0, fields, base);
        if (own > 0) {
            fields.put("ownObjects", Integer.toString(own));
            idle("own", own, contexts > 0, fields, last);
        }
        return "heap " + fields.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    /**
     * {@code n} objects {@code idle-KIND-i}: made, then (with {@code contexts}) run once each and evicted; per object
     * over {@code base}. Answers the live bytes at the end.
     */
    private long idle(String kind, int n, boolean contexts, Map<String, String> fields, long base)
            throws InterruptedException {
        List<String> names = new ArrayList<>(n);
        long begin = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String name = "idle-" + kind + "-" + i;
            objects.put(name, "{\"n\":0,\"id\":" + i + "}");
            if (kind.equals("shared")) {
                objects.putProto(name, "idle-proto");
            } else {
                objects.putBehaviour(name, new String(Behaviours.TRIVIAL));
            }
            names.add(name);
        }
        fields.put(kind + "Putms", Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)));
        long made = settledHeap();
        fields.put(kind + "BaseBytes", Long.toString(base));
        fields.put(kind + "Bytes", Long.toString(made));
        fields.put(kind + "PerObject", Long.toString((made - base) / n));
        return contexts ? contextsOf(names, fields, kind, base) : made;
    }

    /**
     * One message to each object (each gets a context), the heap; every context evicted, the heap again; per object
     * over {@code base}. Answers the live bytes at the end.
     */
    private long contextsOf(List<String> names, Map<String, String> fields, String kind, long base)
            throws InterruptedException {
        long begin = System.nanoTime();
        int failed = oneEach(names);
        long took = System.nanoTime() - begin;
        fields.put(kind + "Failed", Integer.toString(failed));
        int open = scripts.contexts().contextCount();
        long withContexts = settledHeap();
        Map<String, Long> held = histogram();
        for (String name : names) {
            scripts.contexts().evict(name);
        }
        long evicted = settledHeap();
        fields.put(kind + "ContextClasses", grownMost(histogram(), held, names.size()));
        fields.put(kind + "Contexts", Integer.toString(open));
        fields.put(kind + "FirstMessagesms", Long.toString(TimeUnit.NANOSECONDS.toMillis(took)));
        fields.put(kind + "ContextBytes", Long.toString(withContexts));
        fields.put(kind + "EvictedBytes", Long.toString(evicted));
        fields.put(kind + "ContextPerObject", Long.toString((withContexts - base) / names.size()));
        fields.put(kind + "EvictedPerObject", Long.toString((evicted - base) / names.size()));
        fields.put(kind + "ContextsLeft", Integer.toString(scripts.contexts().contextCount()));
        return evicted;
    }

    /**
     * One {@code inc} to each object, and waits for them all; answers how many failed (a first message over its time
     * budget on a starved machine loses its context).
     */
    private int oneEach(List<String> names) {
        List<CompletableFuture<Boolean>> replies = new ArrayList<>(names.size());
        for (String name : names) {
            replies.add(objects.post(name, Behaviours.INC).handle((reply, e) -> e == null));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).orTimeout(WAIT_SECONDS * 5, TimeUnit.SECONDS)
                .join();
        return (int) replies.stream().filter(reply -> !reply.join()).count();
    }

    /**
     * The live bytes after a full GC once they have stayed within 512 KiB for {@value #STABLE_MILLIS} ms (or after
     * {@value #SETTLE_MAX_MILLIS} ms). 5 to 15 s after the last compilation, 3 to 5 MB of the Graal compiler's objects
     * (stamps, resolved types and methods) go, with nothing else happening, which would be counted in one step and
     * missing from the next; that fits Truffle's compiler threads ending after 10 s idle
     * ({@code engine.CompilerIdleDelay}, an option the constrained sandbox refuses).
     */
    private static long settledHeap() throws InterruptedException {
        long begin = System.nanoTime();
        long stableSince = begin;
        long reference = usedAfterGc();
        while (true) {
            Thread.sleep(SETTLE_STEP_MILLIS);
            long used = usedAfterGc();
            long now = System.nanoTime();
            if (Math.abs(used - reference) >= 512 * 1024) {
                reference = used;
                stableSince = now;
            } else if (now - stableSince >= TimeUnit.MILLISECONDS.toNanos(STABLE_MILLIS)
                    || now - begin >= TimeUnit.MILLISECONDS.toNanos(SETTLE_MAX_MILLIS)) {
                return used;
            }
        }
    }

    /**
     * The bytes of all live objects, as the class histogram after a full GC counts them
     * ({@code jcmd GC.class_histogram} through its MBean), repeated (200 ms apart, at most ten) until two in a row
     * agree within 256 KiB. Not {@code MemoryMXBean}'s heap in use after {@code System.gc()}: that was megabytes off
     * the histogram's count, now more, now less, from one measurement to the next.
     */
    private static long usedAfterGc() throws InterruptedException {
        long last = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < 10; i++) {
            used = liveBytes();
            if (Math.abs(used - last) < 256 * 1024) {
                break;
            }
            last = used;
            Thread.sleep(200);
        }
        return used;
    }

    /** The {@code Total} bytes of a class histogram, which collects the whole heap first. */
    private static long liveBytes() {
        Long total = histogram().get(TOTAL);
        if (total == null) {
            throw new IllegalStateException("The class histogram has no Total line.");
        }
        return total;
    }

    /** Live bytes by class name after a full GC ({@code jcmd GC.class_histogram}), and their {@link #TOTAL}. */
    private static Map<String, Long> histogram() {
        String histogram;
        try {
            histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {null}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("No class histogram: " + e.getMessage(), e);
        }
        Map<String, Long> bytes = new HashMap<>();
        for (String line : histogram.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 3 && words[0].equals(TOTAL)) {
                bytes.put(TOTAL, Long.parseLong(words[2]));
            } else if (words.length >= 4 && words[0].endsWith(":")) {
                bytes.merge(words[3], Long.parseLong(words[2]), Long::sum);
            }
        }
        return bytes;
    }

    /**
     * The classes whose live bytes grew most from {@code before} to {@code after}, per object:
     * {@code SimpleName:bytes,…}.
     */
    private static String grownMost(Map<String, Long> before, Map<String, Long> after, int objects) {
        return after.entrySet().stream()
                .filter(e -> !e.getKey().equals(TOTAL))
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(6)
                .map(e -> simpleName(e.getKey()) + ":" + e.getValue() / objects)
                .collect(Collectors.joining(","));
    }

    /** {@code WeakHashMap$Entry} for {@code java.util.WeakHashMap$Entry}, {@code Object[]} for {@code [L…Object;}. */
    private static String simpleName(String histogramName) {
        if (histogramName.startsWith("[L") && histogramName.endsWith(";")) {
            return simpleName(histogramName.substring(2, histogramName.length() - 1)) + "[]";
        }
        return switch (histogramName) {
            case "[B" -> "byte[]";
            case "[I" -> "int[]";
            case "[J" -> "long[]";
            default -> histogramName.substring(histogramName.lastIndexOf('.') + 1);
        };
    }

    // ---- over HTTP ----

    /** Starts the whole server (objects, spaces, PTTH) on 127.0.0.1 with {@code n} trivial counters. */
    private String serve(int n) throws IOException {
        make("trivial", n);
        Path data = Files.createTempDirectory("pavel-bench-objects");
        PavelServer started = new PavelServer(
                ServerConfig.newBuilder().bind("127.0.0.1").port(0).dataDirectory(data).build(),
                PavelRoutes.create(Version.current(), json, sessions, spaces, live), sessions);
        int port = started.start();
        server = started;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(data)));
        return "serve port=" + port;
    }

    /** Messages the trivial counters handled so far, and what waits in their mailboxes. */
    private String count(int n) {
        List<String> names = make("trivial", n);
        int mailbox = 0;
        for (String name : names) {
            mailbox += objects.mailboxSize(name);
        }
        return "count handled=" + handledSoFar(names) + " mailbox=" + mailbox + " cpums="
                + TimeUnit.NANOSECONDS.toMillis(CpuTime.process());
    }

    private static double busy(long[] before, long[] after) {
        long total = after[1] - before[1];
        return total == 0 ? Double.NaN : 100.0 * (after[0] - before[0]) / total;
    }

    private static void deleteQuietly(Path data) {
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it
        }
    }
}

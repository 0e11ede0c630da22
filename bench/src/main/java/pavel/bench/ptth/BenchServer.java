package pavel.bench.ptth;

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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import pavel.op.Op;
import pavel.path.NodePath;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;
import pavel.server.PavelRoutes;
import pavel.server.PavelServer;
import pavel.server.ServerConfig;
import pavel.server.Version;
import pavel.server.ptth.PtthConfig;
import pavel.server.session.Flavour;
import pavel.server.session.Session;
import pavel.server.session.SessionRegistry;
import pavel.server.space.Space;
import pavel.server.space.SpaceConfig;
import pavel.server.space.Spaces;
import pavel.server.store.MemorySpaceStore;

/**
 * The measured side: runs {@link PavelServer} with PTTH (the profile's default timers) and spaces, wired as
 * {@code ServerLauncher} does it (a {@link MemorySpaceStore} keeping 10,000 ops, {@link SpaceConfig#DEFAULTS}), on
 * 127.0.0.1, and takes one command a line on stdin, answering each with one line on stdout that starts with
 * {@code @@ }:
 *
 * <pre>
 * count                              → @@ count upgrade=… long-poll=… connected=… heapMiB=… heapBytes=… rssMiB=…
 * seed WRITERS                       → @@ seed version=…          (space main holds one div per writer, SpaceOps)
 * apply SECONDS WRITERS              → @@ apply ops=… perSecond=… cpums=… version=… resyncs=…
 * metrics                            → @@ metrics opsApplied=… resyncs=… catchUps=… cpums=… userms=… sysms=… (CPU time so far)
 * broadcast FLAVOUR ROUNDS           → @@ broadcast sessions=… rounds=… count=… failed=… p50us=… p99us=… maxus=… wallms=… cpums=…
 * throughput SECONDS WINDOW          → @@ throughput connections=… exchanges=… perSecond=… cpums=… count=… … p99us=…
 * quit                               → stops the server and exits (so does the end of stdin)
 * </pre>
 *
 * <p>{@code broadcast} sends one reverse request to every session of {@code FLAVOUR} ({@code UPGRADE} or
 * {@code LONG_POLL}) with {@link Session#send}, one round after another, and times each from its send to the
 * completion of its future; the first round warms up and is not counted. {@code apply} calls {@code Space.apply}
 * on space {@code main} in a loop on this thread for {@code SECONDS} (the ops of {@link SpaceOps}, the writers taking
 * turns), with whatever sessions view it then: the in-process rate that the REST writers are compared with.
 * {@code throughput} keeps {@code WINDOW}
 * requests outstanding on every upgraded session for {@code SECONDS} and counts the answers. {@code cpums} is the
 * CPU time this process used meanwhile (counted rounds only). Logs go to stderr.
 * Single-threaded apart from the futures' callbacks.
 */
public final class BenchServer {

    private static final String REPLY = "@@ ";
    private static final long BROADCAST_TIMEOUT_SECONDS = 40;
    private static final int MAX_SAMPLES = 8_000_000;

    /** Recent ops each space keeps for clients that come back, as {@code ServerLauncher} has it. */
    private static final int OP_LOG_SIZE = 10_000;

    private final SessionRegistry sessions;
    private final Spaces spaces;
    private final PrintStream out;

    private BenchServer(SessionRegistry sessions, Spaces spaces, PrintStream out) {
        this.sessions = sessions;
        this.spaces = spaces;
        this.out = out;
    }

    /** {@code BenchServer [port]}: port 0 (the default) picks a free one, which the first line reports. */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Path data = Files.createTempDirectory("pavel-bench-data");
        PtthConfig ptth = PtthConfig.newBuilder().build();
        SessionRegistry sessions = new SessionRegistry(ptth);
        ServerConfig config = ServerConfig.newBuilder().bind("127.0.0.1").port(port).dataDirectory(data).ptth(ptth)
                .build();
        Spaces spaces = new Spaces(new MemorySpaceStore(OP_LOG_SIZE), sessions, SpaceConfig.DEFAULTS);
        PavelServer server = new PavelServer(config,
                PavelRoutes.create(Version.current(), new ObjectMapper(), sessions, spaces), sessions);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try {
            int bound = server.start();
            out.println(REPLY + "port " + bound);
            new BenchServer(sessions, spaces, out).serve(new BufferedReader(new InputStreamReader(System.in,
                    StandardCharsets.UTF_8)));
        } finally {
            server.stop();
            spaces.close();
            sessions.close();
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void serve(BufferedReader in) throws IOException, InterruptedException {
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            switch (words[0]) {
                case "count" -> out.println(REPLY + count());
                case "broadcast" -> out.println(REPLY + broadcast(Flavour.valueOf(words[1]), Integer.parseInt(words[2])));
                case "throughput" -> out.println(REPLY + throughput(Integer.parseInt(words[1]),
                        Integer.parseInt(words[2])));
                case "seed" -> out.println(REPLY + seed(Integer.parseInt(words[1])));
                case "apply" -> out.println(REPLY + apply(Integer.parseInt(words[1]), Integer.parseInt(words[2])));
                case "metrics" -> out.println(REPLY + "metrics opsApplied=" + spaces.metrics().opsApplied()
                        + " resyncs=" + spaces.metrics().resyncs() + " catchUps=" + spaces.metrics().catchUps()
                        + " cpums=" + TimeUnit.NANOSECONDS.toMillis(CpuTime.process())
                        + " userms=" + CpuTime.userSystemMillis()[0] + " sysms=" + CpuTime.userSystemMillis()[1]);
                case "quit" -> {
                    return;
                }
                case "" -> { }
                default -> out.println(REPLY + "error unknown command '" + line + "'");
            }
        }
    }

    private String count() {
        int upgrade = 0;
        int longPoll = 0;
        int connected = 0;
        for (Session session : sessions.sessions()) {
            if (session.flavour() == Flavour.UPGRADE) {
                upgrade++;
                connected += session.hasConnection() ? 1 : 0;
            } else {
                longPoll++;
            }
        }
        return "count upgrade=" + upgrade + " long-poll=" + longPoll + " connected=" + connected + " " + memory();
    }

    /** Heap in use after full collections (two, so that what the first freed is gone too), and the resident set. */
    static String memory() {
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return String.format(Locale.ROOT, "heapMiB=%.1f heapBytes=%d rssMiB=%.1f", heap / 1048576.0, heap,
                rssKiB() / 1024.0);
    }

    /** Space main becomes one div per writer (an op like any other: its viewers get it). */
    private String seed(int writers) {
        Space main = spaces.require(SpaceOps.SPACE);
        main.apply(new Op.Replace(NodePath.ROOT, SpaceOps.initialBody(writers)), null);
        return "seed version=" + main.version();
    }

    /** {@code Space.apply} in a loop on this thread for {@code seconds}, the writers' ops taking turns. */
    private String apply(int seconds, int writers) {
        Space main = spaces.require(SpaceOps.SPACE);
        long resyncsBefore = spaces.metrics().resyncs();
        long cpuBefore = CpuTime.process();
        long begin = System.nanoTime();
        long deadline = begin + TimeUnit.SECONDS.toNanos(seconds);
        long ops = 0;
        while ((ops & 0xff) != 0 || System.nanoTime() < deadline) {
            main.apply(SpaceOps.op((int) (ops % writers), ops / writers), null);
            ops++;
        }
        long end = System.nanoTime();
        return String.format(Locale.ROOT, "apply ops=%d seconds=%.2f perSecond=%.0f cpums=%d version=%d resyncs=%d",
                ops, (end - begin) / 1e9, ops / ((end - begin) / 1e9),
                TimeUnit.NANOSECONDS.toMillis(CpuTime.process() - cpuBefore), main.version(),
                spaces.metrics().resyncs() - resyncsBefore);
    }

    private static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return -1;
    }

    private String broadcast(Flavour flavour, int rounds) throws InterruptedException {
        List<Session> targets = sessions.sessions().stream().filter(s -> s.flavour() == flavour).toList();
        int n = targets.size();
        long[] nanos = new long[n * Math.max(1, rounds)];
        AtomicInteger recorded = new AtomicInteger();
        int failed = 0;
        long wallMax = 0;
        long cpu = 0;
        for (int round = 0; round <= rounds; round++) {
            boolean counted = round > 0;
            CountDownLatch done = new CountDownLatch(n);
            LongAdder failures = new LongAdder();
            long cpuBefore = CpuTime.process();
            long begin = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long sent = System.nanoTime();
                targets.get(i).send(docOp(round, i)).whenComplete((response, error) -> {
                    long took = System.nanoTime() - sent;
                    if (error != null) {
                        failures.increment();
                    } else if (counted) {
                        nanos[recorded.getAndIncrement()] = took;
                    }
                    done.countDown();
                });
            }
            boolean all = done.await(BROADCAST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long wall = System.nanoTime() - begin;
            if (counted) {
                failed += failures.intValue() + (int) done.getCount();
                wallMax = Math.max(wallMax, wall);
                cpu += CpuTime.process() - cpuBefore;
            }
            if (!all) {
                break;
            }
            Thread.sleep(200); // let every long-poll client be back in its poll
        }
        int count = Math.min(recorded.get(), nanos.length);
        return "broadcast sessions=" + n + " rounds=" + rounds + " " + Latencies.of(nanos, count, failed).fields()
                + " wallms=" + TimeUnit.NANOSECONDS.toMillis(wallMax) + " cpums=" + TimeUnit.NANOSECONDS.toMillis(cpu);
    }

    private String throughput(int seconds, int window) throws InterruptedException {
        List<Session> targets = sessions.sessions().stream()
                .filter(s -> s.flavour() == Flavour.UPGRADE && s.hasConnection()).toList();
        long[] nanos = new long[MAX_SAMPLES];
        AtomicInteger recorded = new AtomicInteger();
        LongAdder failures = new LongAdder();
        long cpuBefore = CpuTime.process();
        long begin = System.nanoTime();
        long deadline = begin + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch drained = new CountDownLatch(targets.size() * window);
        List<Pump> pumps = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Pump pump = new Pump(targets.get(i), i, deadline, nanos, recorded, failures, drained);
            pumps.add(pump);
            for (int w = 0; w < window; w++) {
                pump.next();
            }
        }
        drained.await(seconds + BROADCAST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long end = System.nanoTime();
        long cpu = CpuTime.process() - cpuBefore;
        long exchanges = pumps.stream().mapToLong(Pump::answered).sum();
        double perSecond = exchanges / ((end - begin) / 1e9);
        int count = Math.min(recorded.get(), nanos.length);
        return String.format(Locale.ROOT,
                "throughput connections=%d window=%d seconds=%.2f exchanges=%d perSecond=%.0f cpums=%d %s",
                targets.size(), window, (end - begin) / 1e9, exchanges, perSecond, TimeUnit.NANOSECONDS.toMillis(cpu),
                Latencies.of(nanos, count, failures.intValue()).fields());
    }

    /** A document op as the server sends them: version-guarded, a small HTML body. */
    private static ReverseRequest docOp(long base, int target) {
        return ReverseRequest.of("PUT", "/doc/main/e" + target,
                List.of(new Header("Host", ""), new Header("Content-Type", "text/html; charset=utf-8"),
                        new Header("Pavel-Base", Long.toString(base)), new Header("Pavel-Version", Long.toString(base + 1))),
                "<span id=\"e" + target + "\" class=\"a\">text " + base + "</span>");
    }

    /**
     * Keeps requests outstanding on one session until the deadline: each answer sends the next. Its callbacks run
     * on the connection's event loop; the counters are atomic.
     */
    private static final class Pump {
        private final Session session;
        private final int target;
        private final long deadline;
        private final long[] nanos;
        private final AtomicInteger recorded;
        private final LongAdder failures;
        private final CountDownLatch drained;
        private final LongAdder answered = new LongAdder();
        private final AtomicInteger sequence = new AtomicInteger();

        Pump(Session session, int target, long deadline, long[] nanos, AtomicInteger recorded, LongAdder failures,
                CountDownLatch drained) {
            this.session = session;
            this.target = target;
            this.deadline = deadline;
            this.nanos = nanos;
            this.recorded = recorded;
            this.failures = failures;
            this.drained = drained;
        }

        void next() {
            long sent = System.nanoTime();
            CompletableFuture<?> answer = session.send(docOp(sequence.getAndIncrement(), target));
            answer.whenComplete((response, error) -> {
                long now = System.nanoTime();
                if (error != null) {
                    failures.increment();
                } else {
                    answered.increment();
                    int slot = recorded.getAndIncrement();
                    if (slot < nanos.length) {
                        nanos[slot] = now - sent;
                    }
                }
                if (error == null && now < deadline) {
                    next();
                } else {
                    drained.countDown();
                }
            });
        }

        long answered() {
            return answered.sum();
        }
    }
}

package pavel.bench.ptth;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import pavel.bench.child.ChildJvm;
import pavel.desktop.ptth.ReverseRouter;
import pavel.desktop.replica.ReplicaRoutes;
import pavel.replica.SpaceReplicas;

/**
 * The spaces load generator (issue 4): starts {@link BenchServer} as a second JVM, then measures from this one, on
 * 127.0.0.1, with every session holding a real replica ({@link SpaceReplicas}) that applies each op:
 *
 * <ol>
 *   <li><b>ops/s of one space</b>: {@code Space.apply} in the server process with no viewer (the baseline), then
 *       {@code writers} REST writers over HTTP/1.1 keep-alive ({@link RestWriters}) sending the ops of
 *       {@link SpaceOps} back to back for {@code seconds} (after {@code warmup} seconds of the same); the same again
 *       with {@code viewers} long-poll sessions viewing the space;</li>
 *   <li><b>fan-out latency</b>: for each size in {@code sessions} (long-poll sessions viewing {@code main}), one REST
 *       op at a time, {@code fanOutWarmup} unmeasured rounds then {@code rounds} counted, {@code pause} ms apart;
 *       the time from sending the REST request that produces version {@code v} to each session's replica reaching
 *       {@code v} ({@link FanOutClock}); then the same for {@code upgraded} desktop clients viewing a space of
 *       their own ({@code up}), so that the long-poll sessions do not take part;</li>
 *   <li><b>heap per idle session</b>: the server's heap after a full GC, then {@code idle} more long-poll sessions
 *       opened, joined (each replica got the whole document and answered it) and left idle, the heap again; the
 *       difference divided by {@code idle}.</li>
 * </ol>
 *
 * <p>Arguments ({@code name=value}, all optional): {@code writers=4 seconds=10 warmup=10 viewers=10
 * sessions=1,100,1000 rounds=30 fanOutWarmup=20 pause=200 upgraded=100 idle=2000 limit=900 serverHeap=1g
 * serverGc=g1}; {@code sessions=} (empty) skips the fan-out and the run with viewers, {@code upgraded=0} the upgraded
 * fan-out, {@code idle=0} the heap. Run it with {@code bench/spaces-load.sh}.
 */
public final class SpacesLoad {

    private static final String HOST = "127.0.0.1";
    private static final String UP = "up";
    private static final String NAME = "spaces-load";
    private static final long ROUND_TIMEOUT_MILLIS = 30_000;
    private static final PrintStream log = System.err;

    private final LoadOptions options;
    private final BenchServerProcess server;
    private final FanOutClock mainClock = new FanOutClock();
    private final FanOutClock upClock = new FanOutClock();
    private final List<SpaceReplicas> mainReplicas = new CopyOnWriteArrayList<>();
    private final List<SpaceReplicas> upReplicas = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, String>> results = new LinkedHashMap<>();

    private SpacesLoad(LoadOptions options, BenchServerProcess server) {
        this.options = options;
        this.server = server;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String[] defaults = {"writers=4", "seconds=10", "warmup=10", "viewers=10", "sessions=1,100,1000", "rounds=30",
            "fanOutWarmup=20", "pause=200", "upgraded=100", "idle=2000", "limit=900", "serverHeap=1g", "serverGc=g1"};
        LoadOptions options = LoadOptions.parse(defaults, args);
        try (BenchServerProcess server = BenchServerProcess.start(options.get("serverHeap"), options.get("serverGc"),
                options.number("limit"), NAME)) {
            new SpacesLoad(options, server).run();
        }
    }

    private void run() throws IOException, InterruptedException {
        int port = server.awaitPort();
        int viewers = options.number("viewers");
        server.call("seed " + options.number("writers"));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory(NAME),
                NioIoHandler.newFactory());
        try (RestWriters rest = new RestWriters(HOST, port);
                LongPollClients polls = new LongPollClients(group, HOST, port, this::longPollReplica);
                UpgradedClients upgrades = new UpgradedClients(group, HOST, port, List.of(UP), this::upgradedReplica)) {
            results.put("apply, 0 viewers", inProcess());
            results.put("REST, 0 viewers", overHttp(rest));
            boolean withViewers = false;
            for (String size : options.get("sessions").split(",")) {
                if (size.isBlank()) {
                    continue;
                }
                int sessions = Integer.parseInt(size.trim());
                if (!withViewers && sessions > viewers) {
                    openLongPoll(polls, rest, viewers);
                    results.put("REST, " + viewers + " viewers", overHttp(rest));
                    results.put("apply, " + viewers + " viewers", inProcess());
                    withViewers = true;
                }
                openLongPoll(polls, rest, sessions);
                results.put("fan-out, long-poll, " + sessions, fanOut(rest, SpaceOps.SPACE, mainClock, sessions));
            }
            int upgraded = options.number("upgraded");
            if (upgraded > 0) {
                rest.create(UP, SpaceOps.initialBody(1));
                long begin = System.nanoTime();
                int up = upgrades.open(upgraded, 100, 60_000);
                log.printf("%s: %d upgraded in %d ms%n", NAME, up, PtthLoad.since(begin));
                awaitInStep(rest, UP, upReplicas);
                results.put("fan-out, upgraded, " + up, fanOut(rest, UP, upClock, up));
            }
            if (options.number("idle") > 0) {
                results.put("heap", idleHeap(polls, rest));
            }
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        summary();
    }

    /** A long-poll session's answerer: a replica of what it views, which tells {@link #mainClock} of each change. */
    private LongPollClients.Answerer longPollReplica() {
        SpaceReplicas replicas = new SpaceReplicas();
        replicas.addListener(mainClock);
        mainReplicas.add(replicas);
        return replicas::handle;
    }

    /** An upgraded client's router: {@code /doc/**} to a replica of its own, which tells {@link #upClock}. */
    private ReverseRouter upgradedReplica() {
        SpaceReplicas replicas = new SpaceReplicas();
        replicas.addListener(upClock);
        upReplicas.add(replicas);
        return ReplicaRoutes.register(ReverseRouter.builder(), replicas).build();
    }

    /** Opens long-poll sessions up to {@code total} and waits until every replica is at the space's version. */
    private void openLongPoll(LongPollClients polls, RestWriters rest, int total)
            throws IOException, InterruptedException {
        long begin = System.nanoTime();
        int polling = polls.open(Math.max(0, total - polls.polling()), 500, 120_000);
        log.printf("%s: %d long-poll sessions in %d ms (%d failed)%n", NAME, polling, PtthLoad.since(begin),
                polls.failed());
        awaitInStep(rest, SpaceOps.SPACE, mainReplicas);
    }

    /** Waits (at most a minute) until every replica holds {@code space} at the server's version of it. */
    private static void awaitInStep(RestWriters rest, String space, List<SpaceReplicas> replicas)
            throws IOException, InterruptedException {
        long version = rest.version(space);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        int behind;
        do {
            behind = 0;
            for (SpaceReplicas replica : replicas) {
                behind += replica.holds(space) && replica.version(space) == version ? 0 : 1;
            }
            if (behind > 0) {
                Thread.sleep(20);
            }
        } while (behind > 0 && System.nanoTime() < deadline);
        log.printf("%s: %d replicas of %s at version %d, %d not%n", NAME, replicas.size() - behind, space, version,
                behind);
        Thread.sleep(500); // the last answers travel on the next polls
    }

    /** {@code Space.apply} in the server process: {@code warmup} seconds unmeasured, then {@code seconds}. */
    private Map<String, String> inProcess() throws IOException {
        String writers = options.get("writers");
        server.call("apply " + options.get("warmup") + " " + writers);
        return server.call("apply " + options.get("seconds") + " " + writers);
    }

    /** REST writers back to back: {@code warmup} seconds unmeasured, then {@code seconds}. */
    private Map<String, String> overHttp(RestWriters rest) throws IOException, InterruptedException {
        int writers = options.number("writers");
        rest.sustain(SpaceOps.SPACE, writers, options.number("warmup"));
        Measured measured = Measured.start(server);
        RestWriters.Sustained sustained = rest.sustain(SpaceOps.SPACE, writers, options.number("seconds"));
        Map<String, String> fields = measured.stop(server);
        fields.putAll(ChildJvm.fields(sustained.fields()));
        return fields;
    }

    /** One REST op at a time on {@code space}, timed to each of its {@code sessions} replicas. */
    private Map<String, String> fanOut(RestWriters rest, String space, FanOutClock clock, int sessions)
            throws IOException, InterruptedException {
        int warmup = options.number("fanOutWarmup");
        int rounds = options.number("rounds");
        long pause = options.number("pause");
        long[] nanos = new long[sessions * rounds];
        long[] restNanos = new long[rounds];
        int count = 0;
        int missing = 0;
        long slowestRound = 0;
        long version = rest.version(space);
        Measured measured = null;
        for (int round = 0; round < warmup + rounds; round++) {
            boolean counted = round >= warmup;
            if (round == warmup) {
                measured = Measured.start(server);
            }
            long expected = version + 1;
            FanOutClock.Round timing = clock.begin(expected, sessions);
            long sent = System.nanoTime();
            long produced = rest.apply(space, 0, expected);
            long answered = System.nanoTime() - sent;
            if (produced != expected) {
                throw new IllegalStateException("The op produced version " + produced + ", not " + expected
                        + ": another writer on " + space + "?");
            }
            timing.await(ROUND_TIMEOUT_MILLIS);
            clock.end(expected);
            if (counted) {
                long[] round0 = timing.nanos();
                System.arraycopy(round0, 0, nanos, count, round0.length);
                count += round0.length;
                missing += sessions - round0.length;
                slowestRound = Math.max(slowestRound, Arrays.stream(round0).max().orElse(0));
                restNanos[round - warmup] = answered;
            }
            version = produced;
            Thread.sleep(pause);
        }
        Map<String, String> fields = measured == null ? new LinkedHashMap<>() : measured.stop(server);
        fields.put("sessions", Integer.toString(sessions));
        fields.put("rounds", Integer.toString(rounds));
        fields.putAll(ChildJvm.fields(Latencies.of(nanos, count, missing).fields()));
        fields.put("slowestms", String.format(Locale.ROOT, "%.1f", slowestRound / 1e6));
        fields.put("restp50us", String.format(Locale.ROOT, "%.0f", Latencies.of(restNanos, rounds, 0).p50()));
        return fields;
    }

    /** Heap per idle long-poll session: {@code idle} more sessions, joined and idle, over a full GC each side. */
    private Map<String, String> idleHeap(LongPollClients polls, RestWriters rest)
            throws IOException, InterruptedException {
        int idle = options.number("idle");
        Map<String, String> before = server.call("count");
        openLongPoll(polls, rest, polls.polling() + idle);
        Thread.sleep(2_000); // every join answered, every session back in a held poll
        Map<String, String> after = server.call("count");
        long added = Long.parseLong(after.get("long-poll")) - Long.parseLong(before.get("long-poll"));
        long bytes = Long.parseLong(after.get("heapBytes")) - Long.parseLong(before.get("heapBytes"));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("sessionsBefore", before.get("long-poll") + "+" + before.get("upgrade"));
        fields.put("heapBeforeMiB", before.get("heapMiB"));
        fields.put("sessionsAfter", after.get("long-poll") + "+" + after.get("upgrade"));
        fields.put("heapAfterMiB", after.get("heapMiB"));
        fields.put("added", Long.toString(added));
        fields.put("bytesPerSession", added == 0 ? "NaN" : Long.toString(bytes / added));
        fields.put("rssBeforeMiB", before.get("rssMiB"));
        fields.put("rssAfterMiB", after.get("rssMiB"));
        return fields;
    }

    private void summary() {
        PrintStream out = System.out;
        out.println();
        out.println("| scenario | result |");
        out.println("| --- | --- |");
        results.forEach((name, fields) -> {
            String row;
            if (name.startsWith("apply")) {
                row = String.format(Locale.ROOT, "**%s ops/s** (%s in %s s); server CPU %s ms; resyncs %s; machine busy %s%%",
                        fields.get("perSecond"), fields.get("ops"), fields.get("seconds"), fields.get("cpums"),
                        fields.get("resyncs"), fields.get("machineBusy"));
            } else if (name.startsWith("REST")) {
                row = String.format(Locale.ROOT, "**%s ops/s** (%s in %s s, %s writers); request p50 %s µs, p99 %s µs; %s failed; CPU server %s ms (%s ms system) + load generator %s ms; resyncs %s; machine busy %s%%",
                        fields.get("perSecond"), fields.get("ops"), fields.get("seconds"), fields.get("writers"),
                        fields.get("p50us"), fields.get("p99us"), fields.get("failed"), fields.get("servercpums"),
                        fields.get("serversysms"),
                        fields.get("clientcpums"), fields.get("resyncs"), fields.get("machineBusy"));
            } else if (name.startsWith("fan-out")) {
                row = String.format(Locale.ROOT, "p50 %s µs, **p99 %s µs**, max %s µs (%s rounds, %s arrivals, %s missing); REST answer p50 %s µs; CPU server %s ms (%s ms system) + load generator %s ms; resyncs %s; machine busy %s%%",
                        fields.get("p50us"), fields.get("p99us"), fields.get("maxus"), fields.get("rounds"),
                        fields.get("count"), fields.get("failed"), fields.get("restp50us"), fields.get("servercpums"),
                        fields.get("serversysms"),
                        fields.get("clientcpums"), fields.get("resyncs"), fields.get("machineBusy"));
            } else {
                row = String.format(Locale.ROOT, "**%s bytes per idle session** (%s more long-poll sessions); heap after GC %s MiB with %s sessions (long-poll+upgraded), %s MiB with %s; RSS %s → %s MiB",
                        fields.get("bytesPerSession"), fields.get("added"), fields.get("heapBeforeMiB"),
                        fields.get("sessionsBefore"), fields.get("heapAfterMiB"), fields.get("sessionsAfter"),
                        fields.get("rssBeforeMiB"), fields.get("rssAfterMiB"));
            }
            out.println("| " + name + " | " + row + " |");
        });
    }

    /** CPU of both processes, the machine's busy share and the server's resyncs over one measurement. */
    private record Measured(long serverCpuMillis, long serverSysMillis, long resyncs, long clientCpu, long[] machine) {

        static Measured start(BenchServerProcess server) throws IOException {
            Map<String, String> metrics = server.call("metrics");
            return new Measured(Long.parseLong(metrics.get("cpums")), Long.parseLong(metrics.get("sysms")),
                    Long.parseLong(metrics.get("resyncs")), CpuTime.process(), CpuTime.machine());
        }

        Map<String, String> stop(BenchServerProcess server) throws IOException {
            long clientCpu = CpuTime.process() - this.clientCpu;
            long[] machineNow = CpuTime.machine();
            Map<String, String> metrics = server.call("metrics");
            long total = machineNow[1] - machine[1];
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("servercpums", Long.toString(Long.parseLong(metrics.get("cpums")) - serverCpuMillis));
            fields.put("serversysms", Long.toString(Long.parseLong(metrics.get("sysms")) - serverSysMillis));
            fields.put("clientcpums", Long.toString(TimeUnit.NANOSECONDS.toMillis(clientCpu)));
            fields.put("resyncs", Long.toString(Long.parseLong(metrics.get("resyncs")) - resyncs));
            fields.put("machineBusy", String.format(Locale.ROOT, "%.0f",
                    total == 0 ? Double.NaN : 100.0 * (machineNow[0] - machine[0]) / total));
            return fields;
        }
    }
}

package pavel.bench.ptth;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The PTTH load generator: starts {@link BenchServer} as a second JVM (10,000 sessions need 10,000 sockets on
 * each side, more than one process may hold here), opens the clients on 127.0.0.1 in this one, asks the server for
 * each measurement and prints a summary table. Everything stops by itself: each step has a deadline, and a
 * watchdog ends both processes after {@code limit} seconds.
 *
 * <p>Arguments ({@code name=value}, all optional): {@code longPoll=10000 upgraded=2000 small=1000
 * pipelined=100 seconds=10 window=64 rounds=5 limit=480 serverHeap=1g serverGc=g1 warmup=3 broadcastWarmup=20 clientHandlers=virtual}.
 * {@code clientHandlers=inline} runs the upgraded clients' handler on the event loop instead of a virtual thread per
 * request (a measurement of that hop's cost; the desktop app never does it).
 *
 * <p>Scenarios, in order: (1) {@code pipelined} upgraded connections, {@code window} requests outstanding on each
 * for {@code seconds} (after {@code warmup} seconds of the same): exchanges/s; (2) {@code small} long-poll sessions, a broadcast to all,
 * {@code rounds} times after {@code broadcastWarmup} unmeasured rounds: p50/p99; (3) long-poll sessions up to {@code longPoll} and upgraded
 * connections up to {@code upgraded}, held at once: counts and memory, then a broadcast to all long-poll sessions
 * and one to all upgraded connections.
 */
public final class PtthLoad {

    private static final String HOST = "127.0.0.1";
    private static final PrintStream log = System.err;

    private final LoadOptions options;
    private final BenchServerProcess server;

    private PtthLoad(LoadOptions options, BenchServerProcess server) {
        this.options = options;
        this.server = server;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String[] defaults = {"longPoll=10000", "upgraded=2000", "small=1000", "pipelined=100", "seconds=10",
            "warmup=3", "window=64", "rounds=5", "limit=480", "serverHeap=1g", "serverGc=g1", "broadcastWarmup=20", "clientHandlers=virtual"};
        LoadOptions options = LoadOptions.parse(defaults, args);
        try (BenchServerProcess server = BenchServerProcess.start(options.get("serverHeap"), options.get("serverGc"),
                options.number("limit"), "ptth-load")) {
            new PtthLoad(options, server).run();
        }
    }

    private void run() throws IOException, InterruptedException {
        int port = server.awaitPort();
        int pipelined = options.number("pipelined");
        int small = options.number("small");
        int longPoll = options.number("longPoll");
        int upgraded = options.number("upgraded");
        int rounds = options.number("rounds");
        String window = options.get("window");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("ptth-load"),
                NioIoHandler.newFactory());
        Map<String, Map<String, String>> results = new LinkedHashMap<>();
        boolean inline = switch (options.get("clientHandlers")) {
            case "virtual" -> false;
            case "inline" -> true;
            default -> throw new IllegalArgumentException("clientHandlers must be virtual or inline, not '"
                    + options.get("clientHandlers") + "'.");
        };
        try (LongPollClients polls = new LongPollClients(group, HOST, port);
                UpgradedClients upgrades = new UpgradedClients(group, HOST, port, inline)) {
            long begin = System.nanoTime();
            int up = upgrades.open(pipelined, 100, 30_000);
            log.printf("ptth-load: %d upgraded in %d ms%n", up, since(begin));
            server.call("throughput " + options.get("warmup") + " " + window);
            results.put("throughput", server.call("throughput " + options.get("seconds") + " " + window));

            begin = System.nanoTime();
            int held = polls.open(small, 500, 60_000);
            log.printf("ptth-load: %d long-poll sessions in %d ms%n", held, since(begin));
            // Unmeasured rounds first, as for the throughput: the long-poll path's code is cold until then.
            server.call("broadcast LONG_POLL " + options.get("broadcastWarmup"));
            results.put("broadcastSmall", server.call("broadcast LONG_POLL " + rounds));

            begin = System.nanoTime();
            held = polls.open(longPoll - polls.polling(), 500, 120_000);
            log.printf("ptth-load: %d long-poll sessions in %d ms%n", held, since(begin));
            begin = System.nanoTime();
            up = upgrades.open(upgraded - upgrades.upgraded(), 200, 120_000);
            log.printf("ptth-load: %d upgraded in %d ms%n", up, since(begin));
            Map<String, String> count = server.call("count");
            count.put("clientLongPoll", Integer.toString(polls.polling()));
            count.put("clientUpgraded", Integer.toString(upgrades.upgraded()));
            count.put("clientFailed", Integer.toString(polls.failed()));
            count.put("client", BenchServer.memory());
            results.put("held", count);
            results.put("broadcastLarge", server.call("broadcast LONG_POLL " + rounds));
            results.put("broadcastUpgraded", server.call("broadcast UPGRADE " + rounds));
            log.printf("ptth-load: clients answered %d long-poll and %d upgraded requests%n", polls.answered(),
                    upgrades.handled());
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        summary(results);
    }

    private void summary(Map<String, Map<String, String>> results) {
        PrintStream out = System.out;
        Map<String, String> t = results.get("throughput");
        Map<String, String> held = results.get("held");
        out.println();
        out.println("| scenario | sessions | result |");
        out.println("| --- | ---: | --- |");
        out.printf(Locale.ROOT, "| held at once | %s long-poll + %s upgraded (server: %s connected) | server heap %s MiB after GC, RSS %s MiB; load generator %s |%n",
                held.get("long-poll"), held.get("upgrade"), held.get("connected"), held.get("heapMiB"),
                held.get("rssMiB"), held.get("client"));
        broadcastRow(out, "broadcast, long-poll", results.get("broadcastSmall"));
        broadcastRow(out, "broadcast, long-poll", results.get("broadcastLarge"));
        broadcastRow(out, "broadcast, upgraded", results.get("broadcastUpgraded"));
        long exchanges = Long.parseLong(t.get("exchanges"));
        double cpuSeconds = (Long.parseLong(t.get("cpums")) + Long.parseLong(t.get("clientcpums"))) / 1000.0;
        out.printf(Locale.ROOT, "| pipelined, upgraded (window %s, %s s) | %s | **%s exchanges/s** (%s exchanges); p50 %s µs, p99 %s µs; %s failed; CPU server %s ms + load generator %s ms = %.1f µs per exchange; machine busy %s%% |%n",
                t.get("window"), t.get("seconds"), t.get("connections"), t.get("perSecond"), t.get("exchanges"),
                t.get("p50us"), t.get("p99us"), t.get("failed"), t.get("cpums"), t.get("clientcpums"),
                exchanges == 0 ? Double.NaN : cpuSeconds * 1e6 / exchanges, t.get("machineBusy"));
    }

    private static void broadcastRow(PrintStream out, String name, Map<String, String> b) {
        out.printf(Locale.ROOT, "| %s (%s rounds) | %s | p50 %s µs, **p99 %s µs**, max %s µs; slowest round %s ms; %s answers, %s failed; server CPU %s ms; machine busy %s%% |%n",
                name, b.get("rounds"), b.get("sessions"), b.get("p50us"), b.get("p99us"), b.get("maxus"),
                b.get("wallms"), b.get("count"), b.get("failed"), b.get("cpums"), b.get("machineBusy"));
    }

    /** Milliseconds since {@code begin} ({@link System#nanoTime()}). */
    static long since(long begin) {
        return Duration.ofNanos(System.nanoTime() - begin).toMillis();
    }
}

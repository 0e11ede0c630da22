package pavel.bench.ptth;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    private static final String REPLY = "@@ ";
    private static final PrintStream log = System.err;

    private final Map<String, String> options;
    private final Process server;
    private final BufferedReader replies;
    private final Writer commands;

    private PtthLoad(Map<String, String> options, Process server) {
        this.options = options;
        this.server = server;
        this.replies = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        this.commands = server.outputWriter(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> options = new LinkedHashMap<>();
        String[] defaults = {"longPoll=10000", "upgraded=2000", "small=1000", "pipelined=100", "seconds=10",
            "warmup=3", "window=64", "rounds=5", "limit=480", "serverHeap=1g", "serverGc=g1", "broadcastWarmup=20", "clientHandlers=virtual"};
        for (String option : defaults) {
            options.put(option.substring(0, option.indexOf('=')), option.substring(option.indexOf('=') + 1));
        }
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1 || !options.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'; expected one of "
                        + options.keySet() + " as name=value.");
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Process server = startServer(options.get("serverHeap"), options.get("serverGc"));
        Thread watchdog = Thread.ofPlatform().daemon().name("ptth-load-watchdog").start(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(options.get("limit"))));
                log.println("ptth-load: time limit reached; stopping");
                server.destroyForcibly();
                Runtime.getRuntime().halt(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroyForcibly));
        try {
            new PtthLoad(options, server).run();
        } finally {
            watchdog.interrupt();
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
    }

    private static Process startServer(String heap, String gc) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String collector = switch (gc) {
            case "g1" -> "-XX:+UseG1GC";
            case "zgc" -> "-XX:+UseZGC";
            default -> throw new IllegalArgumentException("serverGc must be g1 or zgc, not '" + gc + "'.");
        };
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, collector,
                "-Dlogback.configurationFile=logback-bench.xml",
                "-cp", System.getProperty("java.class.path"), BenchServer.class.getName()));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private void run() throws IOException, InterruptedException {
        int port = Integer.parseInt(reply("port").split(" ")[1]);
        log.println("ptth-load: server on " + HOST + ":" + port + " (pid " + server.pid() + ")");
        int pipelined = number("pipelined");
        int small = number("small");
        int longPoll = number("longPoll");
        int upgraded = number("upgraded");
        int rounds = number("rounds");
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
            call("throughput " + options.get("warmup") + " " + window);
            results.put("throughput", call("throughput " + options.get("seconds") + " " + window));

            begin = System.nanoTime();
            int held = polls.open(small, 500, 60_000);
            log.printf("ptth-load: %d long-poll sessions in %d ms%n", held, since(begin));
            // Unmeasured rounds first, as for the throughput: the long-poll path's code is cold until then.
            call("broadcast LONG_POLL " + options.get("broadcastWarmup"));
            results.put("broadcastSmall", call("broadcast LONG_POLL " + rounds));

            begin = System.nanoTime();
            held = polls.open(longPoll - polls.polling(), 500, 120_000);
            log.printf("ptth-load: %d long-poll sessions in %d ms%n", held, since(begin));
            begin = System.nanoTime();
            up = upgrades.open(upgraded - upgrades.upgraded(), 200, 120_000);
            log.printf("ptth-load: %d upgraded in %d ms%n", up, since(begin));
            Map<String, String> count = call("count");
            count.put("clientLongPoll", Integer.toString(polls.polling()));
            count.put("clientUpgraded", Integer.toString(upgrades.upgraded()));
            count.put("clientFailed", Integer.toString(polls.failed()));
            count.put("client", BenchServer.memory());
            results.put("held", count);
            results.put("broadcastLarge", call("broadcast LONG_POLL " + rounds));
            results.put("broadcastUpgraded", call("broadcast UPGRADE " + rounds));
            log.printf("ptth-load: clients answered %d long-poll and %d upgraded requests%n", polls.answered(),
                    upgrades.handled());
        } finally {
            command("quit");
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

    private int number(String name) {
        return Integer.parseInt(options.get(name));
    }

    private static long since(long begin) {
        return Duration.ofNanos(System.nanoTime() - begin).toMillis();
    }

    /**
     * Sends a command and returns the reply's {@code name=value} fields, plus {@code clientcpums} (this process's
     * CPU time meanwhile) and {@code machineBusy} (the whole machine's busy share meanwhile, in percent).
     */
    private Map<String, String> call(String line) throws IOException {
        log.println("ptth-load: > " + line);
        long cpuBefore = CpuTime.process();
        long[] machineBefore = CpuTime.machine();
        command(line);
        String reply = reply(line.split(" ")[0]);
        long clientCpu = CpuTime.process() - cpuBefore;
        long[] machineAfter = CpuTime.machine();
        long total = machineAfter[1] - machineBefore[1];
        double busy = total == 0 ? Double.NaN : 100.0 * (machineAfter[0] - machineBefore[0]) / total;
        log.println("ptth-load: < " + reply);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("clientcpums", Long.toString(TimeUnit.NANOSECONDS.toMillis(clientCpu)));
        fields.put("machineBusy", String.format(Locale.ROOT, "%.0f", busy));
        for (String word : reply.split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                fields.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return fields;
    }

    private void command(String line) throws IOException {
        commands.write(line + "\n");
        commands.flush();
    }

    /** The next reply line of the server, which must start with {@code verb}. */
    private String reply(String verb) throws IOException {
        String line;
        while ((line = replies.readLine()) != null) {
            if (line.startsWith(REPLY)) {
                String reply = line.substring(REPLY.length());
                if (!reply.startsWith(verb)) {
                    throw new IllegalStateException("Expected a '" + verb + "' reply, got '" + reply + "'.");
                }
                return reply;
            }
            log.println("server: " + line);
        }
        throw new IllegalStateException("The bench server ended before its '" + verb + "' reply.");
    }
}

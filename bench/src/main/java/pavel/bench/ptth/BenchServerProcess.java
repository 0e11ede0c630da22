package pavel.bench.ptth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link BenchServer} as a child process of a load generator: starts it on this JVM's class path, sends it commands
 * and reads its {@code @@ } replies. A watchdog ends both processes after the time limit, so that a run always stops.
 *
 * <p>Not thread-safe: one thread talks to the server.
 */
final class BenchServerProcess implements AutoCloseable {

    private static final String REPLY = "@@ ";
    private static final PrintStream log = System.err;

    private final Process server;
    private final BufferedReader replies;
    private final Writer commands;
    private final Thread watchdog;
    private final String name;

    private BenchServerProcess(Process server, long limitSeconds, String name) {
        this.server = server;
        this.name = name;
        this.replies = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        this.commands = server.outputWriter(StandardCharsets.UTF_8);
        this.watchdog = Thread.ofPlatform().daemon().name(name + "-watchdog").start(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(limitSeconds));
                log.println(name + ": time limit reached; stopping");
                server.destroyForcibly();
                Runtime.getRuntime().halt(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroyForcibly));
    }

    /**
     * Starts the server with {@code -Xmx<heap>} and the collector {@code gc} ({@code g1} or {@code zgc}).
     *
     * @param name the load generator's name, for log lines
     */
    static BenchServerProcess start(String heap, String gc, long limitSeconds, String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String collector = switch (gc) {
            case "g1" -> "-XX:+UseG1GC";
            case "zgc" -> "-XX:+UseZGC";
            default -> throw new IllegalArgumentException("serverGc must be g1 or zgc, not '" + gc + "'.");
        };
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, collector,
                "-Dlogback.configurationFile=logback-bench.xml",
                "-cp", System.getProperty("java.class.path"), BenchServer.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new BenchServerProcess(process, limitSeconds, name);
    }

    /** The port the server listens on (its first reply). */
    int awaitPort() throws IOException {
        int port = Integer.parseInt(reply("port").split(" ")[1]);
        log.println(name + ": server on port " + port + " (pid " + server.pid() + ")");
        return port;
    }

    /**
     * Sends a command and returns the reply's {@code name=value} fields, plus {@code clientcpums} (this process's
     * CPU time meanwhile) and {@code machineBusy} (the whole machine's busy share meanwhile, in percent).
     */
    Map<String, String> call(String line) throws IOException {
        log.println(name + ": > " + line);
        long cpuBefore = CpuTime.process();
        long[] machineBefore = CpuTime.machine();
        command(line);
        String reply = reply(line.split(" ")[0]);
        long clientCpu = CpuTime.process() - cpuBefore;
        long[] machineAfter = CpuTime.machine();
        long total = machineAfter[1] - machineBefore[1];
        double busy = total == 0 ? Double.NaN : 100.0 * (machineAfter[0] - machineBefore[0]) / total;
        log.println(name + ": < " + reply);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("clientcpums", Long.toString(TimeUnit.NANOSECONDS.toMillis(clientCpu)));
        fields.put("machineBusy", String.format(Locale.ROOT, "%.0f", busy));
        fields.putAll(fields(reply));
        return fields;
    }

    /** The {@code name=value} words of a line, in order; other words are left out. */
    static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String word : line.split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                fields.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return fields;
    }

    /** Asks the server to quit, waits a little for it, and stops the watchdog. */
    @Override
    public void close() throws InterruptedException {
        try {
            command("quit");
        } catch (IOException e) {
            log.println(name + ": the server is gone already (" + e.getMessage() + ")");
        }
        watchdog.interrupt();
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
        server.destroyForcibly();
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

package pavel.bench.ptth;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import pavel.bench.child.ChildJvm;

/**
 * {@link BenchServer} as a child process of a load generator, on this JVM's class path: sends it commands and reads
 * its replies (a {@link ChildJvm}, so a watchdog ends a run that hangs).
 *
 * <p>Not thread-safe: one thread talks to the server.
 */
final class BenchServerProcess implements AutoCloseable {

    private static final PrintStream log = System.err;

    private final ChildJvm server;
    private final String name;

    private BenchServerProcess(ChildJvm server, String name) {
        this.server = server;
        this.name = name;
    }

    /**
     * Starts the server with {@code -Xmx<heap>} and the collector {@code gc} ({@code g1} or {@code zgc}).
     *
     * @param name the load generator's name, for log lines
     */
    static BenchServerProcess start(String heap, String gc, long limitSeconds, String name) throws IOException {
        String collector = switch (gc) {
            case "g1" -> "-XX:+UseG1GC";
            case "zgc" -> "-XX:+UseZGC";
            default -> throw new IllegalArgumentException("serverGc must be g1 or zgc, not '" + gc + "'.");
        };
        return new BenchServerProcess(ChildJvm.start(List.of("-Xmx" + heap, collector), BenchServer.class, List.of(),
                limitSeconds, name), name);
    }

    /** The port the server listens on (its first reply). */
    int awaitPort() throws IOException {
        int port = Integer.parseInt(server.reply("port").split(" ")[1]);
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
        server.command(line);
        String reply = server.reply(line.split(" ")[0]);
        long clientCpu = CpuTime.process() - cpuBefore;
        long[] machineAfter = CpuTime.machine();
        long total = machineAfter[1] - machineBefore[1];
        double busy = total == 0 ? Double.NaN : 100.0 * (machineAfter[0] - machineBefore[0]) / total;
        log.println(name + ": < " + reply);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("clientcpums", Long.toString(TimeUnit.NANOSECONDS.toMillis(clientCpu)));
        fields.put("machineBusy", String.format(Locale.ROOT, "%.0f", busy));
        fields.putAll(ChildJvm.fields(reply));
        return fields;
    }

    /** Asks the server to quit and stops it, and the watchdog. */
    @Override
    public void close() throws InterruptedException {
        server.close(0);
    }
}

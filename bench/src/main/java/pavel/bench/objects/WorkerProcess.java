package pavel.bench.objects;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pavel.bench.child.ChildJvm;
import pavel.bench.ptth.CpuTime;

/**
 * An {@link ObjectsWorker} JVM started by {@link ObjectsLoad} with the flags of one arm, on this JVM's class path:
 * sends it commands and reads its replies (a {@link ChildJvm}, so a watchdog ends a run that hangs).
 *
 * <p>Not thread-safe: one thread talks to the worker.
 */
final class WorkerProcess implements AutoCloseable {

    private static final PrintStream log = System.err;
    /** A worker closes its objects' contexts and engine before it quits. */
    private static final long QUIT_SECONDS = 20;

    private final ChildJvm worker;
    private final String name;

    private WorkerProcess(ChildJvm worker, String name) {
        this.worker = worker;
        this.name = name;
    }

    /**
     * Starts a worker.
     *
     * @param jvmFlags flags before the class path ({@code -Xmx…}, the JVMCI flags of the compiled arms)
     * @param args the worker's arguments ({@code nocompile} or none)
     * @param name the arm's name, for log lines
     */
    static WorkerProcess start(List<String> jvmFlags, List<String> args, long limitSeconds, String name)
            throws IOException {
        return new WorkerProcess(ChildJvm.start(jvmFlags, ObjectsWorker.class, args, limitSeconds, name), name);
    }

    /**
     * Sends a command and returns the reply's {@code name=value} fields, plus {@code machineBusy} (the whole machine's
     * busy share meanwhile, in percent) unless the reply has its own, and {@code load1} (the 1-minute load average at
     * the end).
     *
     * @throws IllegalStateException when the worker answers with an error
     */
    Map<String, String> call(String line) throws IOException {
        log.println(name + ": > " + line);
        long[] machineBefore = CpuTime.machine();
        worker.command(line);
        String reply = worker.reply(line.split(" ")[0]);
        long[] machineAfter = CpuTime.machine();
        long total = machineAfter[1] - machineBefore[1];
        log.println(name + ": < " + reply);
        Map<String, String> fields = ChildJvm.fields(reply);
        if (fields.containsKey("error")) {
            throw new IllegalStateException(name + ": '" + line + "' failed: " + fields.get("error"));
        }
        fields.putIfAbsent("machineBusy", String.format(Locale.ROOT, "%.0f",
                total == 0 ? Double.NaN : 100.0 * (machineAfter[0] - machineBefore[0]) / total));
        fields.put("load1", ObjectsLoad.loadAverage());
        return fields;
    }

    /** Asks the worker to quit, waits a little for it, and stops the watchdog. */
    @Override
    public void close() throws InterruptedException {
        worker.close(QUIT_SECONDS);
    }
}

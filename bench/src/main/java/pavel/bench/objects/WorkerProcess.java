package pavel.bench.objects;

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
import pavel.bench.ptth.CpuTime;

/**
 * An {@link ObjectsWorker} JVM started by {@link ObjectsLoad} with the flags of one arm, on this JVM's class path:
 * sends it commands and reads its {@code @@ } replies. A watchdog ends both processes after the time limit, so that a
 * run always stops.
 *
 * <p>Not thread-safe: one thread talks to the worker.
 */
final class WorkerProcess implements AutoCloseable {

    private static final String REPLY = "@@ ";
    private static final PrintStream log = System.err;

    private final Process worker;
    private final BufferedReader replies;
    private final Writer commands;
    private final Thread watchdog;
    private final String name;

    private WorkerProcess(Process worker, long limitSeconds, String name) {
        this.worker = worker;
        this.name = name;
        this.replies = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
        this.commands = worker.outputWriter(StandardCharsets.UTF_8);
        this.watchdog = Thread.ofPlatform().daemon().name(name + "-watchdog").start(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(limitSeconds));
                log.println(name + ": time limit reached; stopping");
                worker.destroyForcibly();
                Runtime.getRuntime().halt(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(worker::destroyForcibly));
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
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.addAll(List.of("-Dlogback.configurationFile=logback-bench.xml", "-cp",
                System.getProperty("java.class.path"), ObjectsWorker.class.getName()));
        command.addAll(args);
        log.println(name + ": " + String.join(" ", command.subList(0, command.size() - args.size() - 3))
                + " … " + ObjectsWorker.class.getSimpleName() + " " + String.join(" ", args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new WorkerProcess(process, limitSeconds, name);
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
        command(line);
        String reply = reply(line.split(" ")[0]);
        long[] machineAfter = CpuTime.machine();
        long total = machineAfter[1] - machineBefore[1];
        log.println(name + ": < " + reply);
        Map<String, String> fields = fields(reply);
        if (fields.containsKey("error")) {
            throw new IllegalStateException(name + ": '" + line + "' failed: " + fields.get("error"));
        }
        fields.putIfAbsent("machineBusy", String.format(Locale.ROOT, "%.0f",
                total == 0 ? Double.NaN : 100.0 * (machineAfter[0] - machineBefore[0]) / total));
        fields.put("load1", ObjectsLoad.loadAverage());
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

    /** Asks the worker to quit, waits a little for it, and stops the watchdog. */
    @Override
    public void close() throws InterruptedException {
        try {
            command("quit");
        } catch (IOException e) {
            log.println(name + ": the worker is gone already (" + e.getMessage() + ")");
        }
        watchdog.interrupt();
        if (!worker.waitFor(20, TimeUnit.SECONDS)) {
            worker.destroy();
            worker.waitFor(10, TimeUnit.SECONDS);
            worker.destroyForcibly();
        }
    }

    private void command(String line) throws IOException {
        commands.write(line + "\n");
        commands.flush();
    }

    /** The next reply line of the worker, which must start with {@code verb}. */
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
            log.println(name + ": " + line);
        }
        throw new IllegalStateException("The worker ended before its '" + verb + "' reply.");
    }
}

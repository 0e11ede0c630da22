package pavel.bench.child;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that a load generator starts as a child process and drives by lines: it sends a command a line, the child
 * answers with a line starting {@code @@ } (anything else it prints is passed through to the log). A watchdog ends
 * both processes after the time limit, so that a run always stops, even when the child hangs.
 *
 * <p>Not thread-safe: one thread talks to the child.
 */
public final class ChildJvm implements AutoCloseable {

    private static final String REPLY = "@@ ";
    private static final PrintStream log = System.err;

    private final Process process;
    private final BufferedReader replies;
    private final Writer commands;
    private final Thread watchdog;
    private final String name;

    private ChildJvm(Process process, long limitSeconds, String name) {
        this.process = process;
        this.name = name;
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = process.outputWriter(StandardCharsets.UTF_8);
        this.watchdog = Thread.ofPlatform().daemon().name(name + "-watchdog").start(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(limitSeconds));
                log.println(name + ": time limit reached; stopping");
                process.destroyForcibly();
                Runtime.getRuntime().halt(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    }

    /**
     * Starts {@code java <jvmFlags> -Dlogback.configurationFile=logback-bench.xml -cp <this class path> <main> <args>}
     * with the java of this process; the child's standard error goes to ours.
     *
     * @param name for log lines
     */
    public static ChildJvm start(List<String> jvmFlags, Class<?> main, List<String> args, long limitSeconds,
            String name) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-Dlogback.configurationFile=logback-bench.xml", "-cp",
                System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        log.println(name + ": " + String.join(" ", jvmFlags) + " … " + main.getSimpleName() + " "
                + String.join(" ", args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new ChildJvm(process, limitSeconds, name);
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** Sends one command line. */
    public void command(String line) throws IOException {
        commands.write(line + "\n");
        commands.flush();
    }

    /** The next reply line of the child, without its {@code @@ }, which must start with {@code verb}. */
    public String reply(String verb) throws IOException {
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
        throw new IllegalStateException(name + " ended before its '" + verb + "' reply.");
    }

    /** The {@code name=value} words of a line, in order; other words are left out. */
    public static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String word : line.split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                fields.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return fields;
    }

    /** Asks the child to {@code quit}, gives it {@code quitSeconds} to do so, stops it otherwise, and the watchdog. */
    public void close(long quitSeconds) throws InterruptedException {
        try {
            command("quit");
        } catch (IOException e) {
            log.println(name + ": gone already (" + e.getMessage() + ")");
        }
        watchdog.interrupt();
        if (!process.waitFor(quitSeconds, TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(0);
    }
}

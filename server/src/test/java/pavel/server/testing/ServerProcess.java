package pavel.server.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The real {@code pavel serve} in its own JVM, for tests that must kill it: {@code SIGKILL} with {@link #kill()},
 * {@code SIGTERM} with {@link #stop()}. It runs {@code pavel.server.Main} with the main classes and dependencies
 * (not the tests), none of the caller's {@code PAVEL_*} variables, and the Graal compiler on the upgrade module
 * path when the build has copied it ({@code target/lib/upgrade}), as surefire and {@code ./pavel serve} do. Its
 * output goes to a log file next to the data directory; {@link #output()} reads it for failure messages.
 *
 * <pre>{@code
 * try (ServerProcess server = ServerProcess.start(data)) {
 *     ... requests to server.port() ...
 *     server.kill();                                     // kill -9
 *     try (ServerProcess again = ServerProcess.start(data, server.port())) { ... }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class ServerProcess implements AutoCloseable {

    /** JVM start, GraalJS engine and recovery of the data directory; a busy CI machine needs the margin. */
    public static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration EXIT_DEADLINE = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern REFUSAL = Pattern.compile("^pavel: (.+)$");
    private static final Path UPGRADE_DIR = Path.of("target", "lib", "upgrade");

    /** Every server process still running, so that a test JVM that ends early does not leave them behind. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("server-process-reaper").unstarted(
                () -> RUNNING.forEach(Process::destroyForcibly)));
    }

    /** How a start ended: listening on a port, or refused with the server's one sentence and exit status. */
    public sealed interface Startup {
        /** The server printed its listening line. */
        record Listening(int port) implements Startup {}

        /** The server exited before listening; {@code sentence} is what followed {@code "pavel: "}, if anything. */
        record Refused(int exitStatus, String sentence) implements Startup {}
    }

    private final Process process;
    private final Path data;
    private final Path log;
    private int port;

    private ServerProcess(Process process, Path data, Path log, int port) {
        this.process = process;
        this.data = data;
        this.log = log;
        this.port = port;
    }

    /** Starts a server on a free port and waits until it listens; fails the test with its output if it cannot. */
    public static ServerProcess start(Path data) {
        return start(data, 0);
    }

    /** Starts a server on {@code port} (0 for a free one) and waits until it listens; fails the test if not. */
    public static ServerProcess start(Path data, int port) {
        ServerProcess server = launch(data, port);
        Startup startup = server.awaitStartup();
        if (startup instanceof Startup.Refused refused) {
            throw new AssertionError("The server on " + data + " did not start (exit status " + refused.exitStatus()
                    + "): " + refused.sentence() + "\nIts output:\n" + server.outputText());
        }
        return server;
    }

    /**
     * Starts a server's JVM and returns at once; {@link #awaitStartup()} tells whether it came up. For tests of
     * starts that should fail (a locked or damaged data directory).
     */
    public static ServerProcess launch(Path data, int port) {
        Objects.requireNonNull(data, "data");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Port (" + port + ") must be between 0 and 65535.");
        }
        try {
            Path parent = data.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path log = Files.createTempFile(parent, "server-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command(data, port)).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("PAVEL_"));
            Process process = builder.start();
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
            return new ServerProcess(process, data, log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a server process on " + data, e);
        }
    }

    private static List<String> command(Path data, int port) {
        String java = ProcessHandle.current().info().command().orElseThrow(
                () -> new IllegalStateException("This JVM does not know its own java command."));
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(graalFlags());
        command.addAll(List.of("-cp", classPath, "pavel.server.Main", "serve", "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--data", data.toString()));
        return command;
    }

    /** The flags of {@code graal.jvm.args} in server/pom.xml; without the copied compiler, GraalJS interprets. */
    private static List<String> graalFlags() {
        List<String> flags = new ArrayList<>();
        if (Files.isDirectory(UPGRADE_DIR)) {
            flags.addAll(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
                    "--upgrade-module-path=" + UPGRADE_DIR.toAbsolutePath()));
        }
        flags.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        return flags;
    }

    /**
     * Waits until the server listens or exits, whichever comes first. A server that does neither within
     * {@link #START_DEADLINE} fails the test.
     */
    public Startup awaitStartup() {
        Eventually.await(START_DEADLINE, () -> listeningPort() != null || !process.isAlive(),
                () -> "the server on " + data + " neither listens nor exits; its output:\n" + outputText());
        Integer listening = listeningPort();
        if (listening != null) {
            port = listening;
            return new Startup.Listening(listening);
        }
        int status = awaitExit();
        String sentence = output().stream().map(REFUSAL::matcher).filter(Matcher::matches)
                .map(m -> m.group(1)).reduce((first, second) -> second).orElse("(no \"pavel: \" line)");
        return new Startup.Refused(status, sentence);
    }

    private @Nullable Integer listeningPort() {
        for (String line : output()) {
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        return null;
    }

    /** The port it listens on (the one asked for, or the free one it took once it listens). */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:port} followed by {@code path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public Path data() {
        return data;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: the process ends at once, with nothing flushed or closed. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** {@code SIGTERM}: the server stops gracefully; answers its exit status. */
    public int stop() {
        process.destroy();
        return awaitExit();
    }

    private int awaitExit() {
        try {
            if (!process.waitFor(EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("The server on " + data + " did not exit within " + EXIT_DEADLINE
                        + "; its output:\n" + outputText());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("Interrupted while waiting for the server to exit", e);
        }
    }

    /** Its output so far, line by line; bytes that are not UTF-8 (a line cut by a kill) are replaced. */
    public List<String> output() {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e + ")");
        }
    }

    /** Its last lines, for a failure message. */
    public String outputText() {
        List<String> lines = output();
        int shown = 80;
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - shown), lines.size()));
        return lines.size() > shown ? "(last " + shown + " of " + lines.size() + " lines, all in " + log + ")\n" + tail
                : tail;
    }

    /** Kills it if it still runs: a test that failed halfway must not leave a server holding the data directory. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}

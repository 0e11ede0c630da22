package pavel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pavel.server.testing.Eventually;

/** The real {@code pavel serve} in its own JVM: starts, answers, and stops cleanly on SIGTERM. */
class ProcessEndToEndTest {

    private static final Duration START_DEADLINE = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/ \\(data: (.+)\\)");

    @TempDir
    Path temp;

    /** A JVM running {@code pavel.server.Main} with the main classes and dependencies, not the tests. */
    private static ProcessBuilder pavel(Map<String, String> environment, String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(java, "-cp", classPath, Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PAVEL_"));
        builder.environment().putAll(environment);
        return builder;
    }

    /** The output so far; the process writes it to a file, which {@code destroy()} leaves alone. */
    private static List<String> linesOf(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of("(cannot read output: " + e + ")");
        }
    }

    private static boolean anyLine(Path log, String text) {
        return linesOf(log).stream().anyMatch(line -> line.contains(text));
    }

    @Test
    void servesUntilSigtermThenStopsCleanlyWithStatus0() throws Exception {
        Path data = temp.resolve("from-env");
        Path output = temp.resolve("output.log");
        Process process = pavel(Map.of("PAVEL_PORT", "0", "PAVEL_DATA", data.toString()),
                "serve", "--bind", "127.0.0.1").redirectOutput(output.toFile()).start();
        try {
            Eventually.await(START_DEADLINE, () -> anyLine(output, "listening on"),
                    () -> "no start line in " + linesOf(output));
            String startLine = linesOf(output).stream()
                    .filter(line -> line.contains("listening on")).findFirst().orElseThrow();
            Matcher started = LISTENING.matcher(startLine);
            assertTrue(started.find(), startLine);
            assertTrue(startLine.contains("Pavel " + HttpConformanceContract.VERSION + " listening on"), startLine);
            assertEquals(data.toString(), started.group(2));
            assertTrue(Files.isDirectory(data));

            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> health = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + started.group(1) + "/health"))
                                .timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode());
            }

            process.destroy();

            assertTrue(process.waitFor(20, TimeUnit.SECONDS), () -> "still running after SIGTERM: " + linesOf(output));
            assertEquals(0, process.exitValue(), () -> "exit status; output: " + linesOf(output));
            assertTrue(anyLine(output, "Pavel stopped"), () -> "no stopped line in " + linesOf(output));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void environmentVariablesAreTheOptionDefaults() throws Exception {
        Path output = temp.resolve("help.txt");
        Process process = pavel(Map.of("PAVEL_PORT", "9999", "PAVEL_BIND", "0.0.0.0", "PAVEL_DATA", "/srv/w"),
                "serve", "--help").redirectOutput(output.toFile()).start();
        try {
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "--help returns");
            assertEquals(0, process.exitValue());
            assertTrue(anyLine(output, "Default: 9999"), () -> linesOf(output).toString());
            assertTrue(anyLine(output, "Default: 0.0.0.0"), () -> linesOf(output).toString());
            assertTrue(anyLine(output, "Default: /srv/w"), () -> linesOf(output).toString());
        } finally {
            process.destroyForcibly();
        }
    }
}

package pavel.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pavel.model.Document;
import pavel.server.space.SpaceConfig;
import pavel.server.store.ObjectStore.ObjectRow;
import pavel.server.store.ObjectStore.StoredObject;
import pavel.server.store.SqliteWorld;
import pavel.server.store.StoreException;
import pavel.server.store.WorldContent;
import pavel.server.store.WorldImport;
import pavel.server.store.WorldReader;
import pavel.server.testing.Eventually;
import pavel.server.testing.TestServer;

/**
 * {@code pavel export} and {@code pavel import} on real data directories: a world made through the HTTP API of a
 * running server, exported beside it, imported into an empty directory, is the same world (every space's version,
 * hash and HTML, every object with its state, prototype, view, behaviour versions and waiting letters); and what an
 * import refuses, it refuses with one sentence and without writing anything.
 */
class WorldExportImportTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @TempDir
    Path temp;

    /** What a run of the command line printed, and its status. */
    record Run(int status, String out, String err) {}

    /** The command line in this JVM, {@code stdin} as its standard input; {@code serve} is not run here. */
    static Run pavel(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ServerRunner noServer = config -> {
            throw new AssertionError("serve is not run by these tests");
        };
        int status = Main.commandLine(noServer, new ByteArrayInputStream(stdin.getBytes(UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /**
     * Sends a request and expects a {@code 2xx}; with more patience than {@link TestServer#send}, as the first
     * behaviour a JVM compiles may take seconds on a busy machine.
     */
    private static void ok(TestServer server, String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(server.uri(path))
                .timeout(DEADLINE)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = server.client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted during " + method + " " + path, e);
        }
        assertEquals(2, response.statusCode() / 100, method + " " + path + ": " + response.statusCode() + " "
                + response.body());
    }

    /** Something of everything, through the server's HTTP API: ops, several spaces, objects in every shape. */
    private static void buildWorld(TestServer server) {
        ok(server, "POST", "/doc/main/body", "<h1 id=\"top\">Main</h1>");
        for (int i = 0; i < 30; i++) {
            ok(server, "POST", "/doc/main/body", "<p class=\"line\">line " + i + " – é ✓ &lt;b&gt;</p>");
        }
        ok(server, "PUT", "/doc/main/body/h1/@title", "a \"quoted\" note");
        ok(server, "DELETE", "/doc/main/body/p%5B3%5D", "");
        ok(server, "PUT", "/spaces/lab", "<h1>Lab</h1><ul><li>one</li></ul>");
        ok(server, "POST", "/doc/lab/body/ul", "<li>two</li>");
        ok(server, "PUT", "/spaces/empty-space", "");

        ok(server, "PUT", "/objects/counter",
                "{\"count\":0,\"tags\":[\"a\",\"ü\"],\"deep\":{\"x\":null}}");
        ok(server, "PUT", "/objects/counter/behavior",
                "on({type: \"inc\"}, (msg, self) => { self.state.count += 1; });");
        ok(server, "PUT", "/objects/counter/behavior",
                "on({type: \"inc\"}, (msg, self) => { self.state.count += msg.by ?? 1; });");
        ok(server, "PUT", "/objects/counter/view", "<p>Count: <b>{{count}}</b></p>");
        ok(server, "POST", "/objects/counter?reply", "{\"type\":\"inc\",\"by\":2}");
        ok(server, "POST", "/objects/counter", "{\"type\":\"reset\",\"note\":\"no handler: it waits\"}");

        ok(server, "PUT", "/objects/child", "{\"count\":10}");
        ok(server, "PUT", "/objects/child/proto", "counter");
        ok(server, "POST", "/objects/child?reply", "{\"type\":\"inc\"}");
        ok(server, "POST", "/objects/child", "{\"type\":\"later\"}");

        ok(server, "PUT", "/objects/inbox", "{\"big\":12345678901234567890,\"price\":0.1}");
        ok(server, "POST", "/objects/inbox", "{\"n\":1}");
        ok(server, "POST", "/objects/inbox", "{\"n\":2}");
    }

    /** Until the store holds what {@link #buildWorld} made: handled letters gone, waiting ones kept. */
    private static void awaitStored(Path data) {
        Eventually.await(DEADLINE, () -> {
            WorldContent world = WorldReader.read(data);
            Map<String, StoredObject> objects = world.objects().stream()
                    .collect(Collectors.toMap(object -> object.row().name(), object -> object));
            return objects.size() == 3 && objects.get("counter").letters().size() == 1
                    && objects.get("counter").row().state().contains("\"count\":2")
                    && objects.get("child").letters().size() == 1
                    && objects.get("child").row().state().contains("\"count\":11")
                    && objects.get("inbox").letters().size() == 2;
        }, () -> "the store has the world: " + WorldReader.read(data));
    }

    private static void assertSameWorld(Path expected, Path actual) {
        try (SqliteWorld a = SqliteWorld.open(expected, SqliteWorld.Options.DEFAULTS);
                SqliteWorld b = SqliteWorld.open(actual, SqliteWorld.Options.DEFAULTS)) {
            Map<String, Document> spaces = a.spaces().load();
            Map<String, Document> imported = b.spaces().load();
            assertEquals(spaces.keySet(), imported.keySet());
            spaces.forEach((name, document) -> {
                assertEquals(document.version(), imported.get(name).version(), name);
                assertEquals(document.hashHex(), imported.get(name).hashHex(), name);
                assertEquals(document.outerHtml(), imported.get(name).outerHtml(), name);
            });
            // Records all the way down: state, proto, owner, view, created, every behaviour version, every letter.
            assertEquals(a.objects().loadObjects(), b.objects().loadObjects());
        }
    }

    private static Path directory(Path path) throws IOException {
        return Files.createDirectories(path);
    }

    @Test
    void anExportImportedIntoAnEmptyDirectoryIsTheSameWorld() throws Exception {
        Path source = directory(temp.resolve("source"));
        Path target = temp.resolve("target"); // created by the import
        Run export;
        try (SqliteWorld world = SqliteWorld.open(source, SqliteWorld.Options.DEFAULTS);
                TestServer server = TestServer.startWorld(world, SpaceConfig.DEFAULTS)) {
            buildWorld(server);
            awaitStored(source);
            export = pavel("", "export", "--data", source.toString()); // the server holds the lock meanwhile
        }
        assertEquals(0, export.status(), export.err());
        assertEquals("", export.err());

        Run imported = pavel(export.out(), "import", "--data", target.toString(), "-");

        assertEquals(0, imported.status(), imported.err());
        assertEquals("", imported.err());
        assertEquals("Imported 3 spaces and 3 objects into " + target.toAbsolutePath() + ".\n", imported.out());
        assertSameWorld(source, target);
        // And the import exports to the same text, but for when it was exported.
        assertEquals(withoutExported(export.out()), withoutExported(pavel("", "export", "--data",
                target.toString()).out()));
    }

    @Test
    void anObjectWhosePrototypeWasDeletedComesBackAsItWas() throws Exception {
        Path source = directory(temp.resolve("source"));
        Path target = temp.resolve("target");
        try (SqliteWorld world = SqliteWorld.open(source, SqliteWorld.Options.DEFAULTS);
                TestServer server = TestServer.startWorld(world, SpaceConfig.DEFAULTS)) {
            ok(server, "PUT", "/objects/base", "{}");
            ok(server, "PUT", "/objects/kid", "{\"n\":1}");
            ok(server, "PUT", "/objects/kid/proto", "base");
            ok(server, "DELETE", "/objects/base", ""); // kid still names it: its chain ends there
        }
        Run export = pavel("", "export", "--data", source.toString());
        assertEquals(0, export.status(), export.err());

        Run imported = pavel(export.out(), "import", "--data", target.toString(), "-");

        assertEquals(0, imported.status(), imported.err());
        assertSameWorld(source, target);
    }

    @Test
    void theExportIsJustTheJsonInTheDocumentedShape() throws Exception {
        Path source = directory(temp.resolve("source"));
        Run export;
        try (SqliteWorld world = SqliteWorld.open(source, SqliteWorld.Options.DEFAULTS);
                TestServer server = TestServer.startWorld(world, SpaceConfig.DEFAULTS)) {
            buildWorld(server);
            awaitStored(source);
            export = pavel("", "export", "--data", source.toString());
        }

        assertTrue(export.out().startsWith("{") && export.out().endsWith("}\n"), export.out());
        JsonNode root = JSON.readTree(export.out()); // nothing before or after the one JSON value
        assertEquals("pavel-world", root.get("format").textValue());
        assertEquals(1, root.get("version").intValue());
        assertEquals(Version.current().value(), root.get("pavel").textValue());
        assertTrue(root.get("exported").textValue().endsWith("Z"), root.get("exported").toString());
        List<String> spaces = new ArrayList<>();
        root.get("spaces").forEach(space -> spaces.add(space.get("name").textValue()));
        assertEquals(List.of("empty-space", "lab", "main"), spaces);
        JsonNode main = root.get("spaces").get(2);
        assertEquals(33, main.get("version").longValue());
        assertTrue(main.get("html").textValue().startsWith("<body><h1 id=\"top\" title="), main.toString());

        ArrayNode objects = (ArrayNode) root.get("objects");
        assertEquals(List.of("child", "counter", "inbox"), List.of(objects.get(0).get("name").textValue(),
                objects.get(1).get("name").textValue(), objects.get(2).get("name").textValue()));
        JsonNode child = objects.get(0);
        assertEquals("counter", child.get("proto").textValue());
        assertTrue(child.get("view").isNull() && child.get("owner").isNull());
        JsonNode counter = objects.get(1);
        assertTrue(counter.get("state").isObject(), "the state is JSON, not a string holding JSON");
        assertEquals(2, counter.get("state").get("count").intValue());
        assertEquals("<p>Count: <b>{{count}}</b></p>", counter.get("view").textValue());
        assertEquals(2, counter.get("behaviours").size());
        assertEquals(2, counter.get("behaviours").get(1).get("version").intValue());
        ObjectNode letter = (ObjectNode) counter.get("mailbox").get(0);
        assertEquals(List.of("id", "message", "received"), List.copyOf(iterable(letter)));
        assertEquals("reset", letter.get("message").get("type").textValue());
        JsonNode inbox = objects.get(2);
        assertEquals("12345678901234567890", inbox.get("state").get("big").asText());
        assertEquals("0.1", inbox.get("state").get("price").asText());
        assertEquals(2, inbox.get("mailbox").size());
    }

    private static List<String> iterable(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.properties().forEach(member -> names.add(member.getKey()));
        return names;
    }

    private static String withoutExported(String export) {
        return export.replaceFirst("\"exported\": \"[^\"]*\"", "\"exported\": \"…\"");
    }

    /** A JVM running {@code pavel.server.Main} with the main classes and dependencies, not the tests. */
    private static ProcessBuilder pavelProcess(String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(java, "-cp", classPath, Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("PAVEL_"));
        return builder;
    }

    @Test
    void exportAsItsOwnProcessBesideARunningServerWritesOnlyTheJsonToStandardOutput() throws Exception {
        Path source = directory(temp.resolve("source"));
        Path stdout = temp.resolve("stdout.json");
        Path stderr = temp.resolve("stderr.txt");
        Run inProcess;
        int status;
        try (SqliteWorld world = SqliteWorld.open(source, SqliteWorld.Options.DEFAULTS);
                TestServer server = TestServer.startWorld(world, SpaceConfig.DEFAULTS)) {
            buildWorld(server);
            awaitStored(source);
            Process export = pavelProcess("export", "--data", source.toString())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            assertTrue(export.waitFor(60, TimeUnit.SECONDS), "the export ends");
            status = export.exitValue();
            inProcess = pavel("", "export", "--data", source.toString());
        }

        assertEquals(0, status, Files.readString(stderr, UTF_8));
        String json = Files.readString(stdout, UTF_8);
        JSON.readTree(json);
        assertEquals(withoutExported(inProcess.out()), withoutExported(json));
    }

    @Test
    void exportsTakenWhileTheServerWritesAreEachAWholeWorld() throws Exception {
        Path source = directory(temp.resolve("source"));
        try (SqliteWorld world = SqliteWorld.open(source, SqliteWorld.Options.DEFAULTS);
                TestServer server = TestServer.startWorld(world, SpaceConfig.DEFAULTS)) {
            buildWorld(server);
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = Thread.ofVirtual().start(() -> {
                for (int i = 0; writing.get(); i++) {
                    ok(server, "POST", "/doc/lab/body", "<p>" + i + "</p>");
                    ok(server, "POST", "/objects/inbox", "{\"n\":" + i + "}");
                    ok(server, "PUT", "/objects/counter", "{\"count\":" + i + "}");
                }
            });
            try {
                for (int round = 0; round < 5; round++) {
                    Run export = pavel("", "export", "--data", source.toString());
                    assertEquals(0, export.status(), export.err());
                    Run imported = pavel(export.out(), "import", "--data", temp.resolve("copy-" + round).toString(),
                            "-");
                    assertEquals(0, imported.status(), imported.err());
                }
            } finally {
                writing.set(false);
                writer.join();
            }
        }
    }

    @Test
    void anImportThatDoesNotFitLeavesNothingBehind() throws Exception {
        // The small space comes first and would be kept if the import were not one transaction.
        SortedMap<String, Document> spaces = new TreeMap<>(Map.of("a-small", Document.parse("<p>small</p>"),
                "z-big", Document.parse("<p>" + "x".repeat(400_000) + "</p>")));
        WorldContent content = new WorldContent(spaces, List.of(new StoredObject(
                new ObjectRow("o", "{}", null, null, null, Instant.EPOCH), List.of(), List.of())));
        Path target = directory(temp.resolve("small-disk"));
        try (SqliteWorld world = SqliteWorld.open(target, new SqliteWorld.Options(true, 128 * 1024))) {
            StoreException full = assertThrows(StoreException.class, () -> WorldImport.into(world, content, target));
            assertEquals(StoreException.Reason.FULL, full.reason(), full.getMessage());
        }
        try (SqliteWorld world = SqliteWorld.open(target, SqliteWorld.Options.DEFAULTS)) {
            assertEquals(Map.of(), world.spaces().load());
            assertEquals(List.of(), world.objects().loadObjects());
        }
    }

    // ---- refusals ----

    /** An export of a small world, made without a server. */
    private String smallExport() throws IOException {
        Path source = directory(temp.resolve("small"));
        try (SqliteWorld world = SqliteWorld.open(source, SqliteWorld.Options.DEFAULTS)) {
            Document main = Document.parse("<h1>hi</h1>");
            StoreException.await(world.spaces().create("main", main));
            StoreException.await(world.spaces().create("lab", Document.parse("<p>lab</p>")));
        }
        Run export = pavel("", "export", "--data", source.toString());
        assertEquals(0, export.status(), export.err());
        return export.out();
    }

    private Run importText(String text, Path target) throws IOException {
        Path file = temp.resolve("world-" + System.nanoTime() + ".json");
        Files.writeString(file, text, UTF_8);
        return pavel("", "import", "--data", target.toString(), file.toString());
    }

    /** Refused with exactly one line on standard error, nothing on standard output, and nothing written. */
    private static void assertRefused(Run run, String expected, Path target) {
        assertEquals(1, run.status(), run.err());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("pavel: ") && run.err().endsWith("\n")
                && run.err().indexOf('\n') == run.err().length() - 1, run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertFalse(Files.exists(target.resolve(SqliteWorld.FILE)), "nothing was written to " + target);
    }

    @Test
    void aDirectoryThatHoldsAWorldIsRefusedAndKeptAsItWas() throws Exception {
        String export = smallExport();
        Path target = directory(temp.resolve("target"));
        try (SqliteWorld world = SqliteWorld.open(target, SqliteWorld.Options.DEFAULTS)) {
            StoreException.await(world.spaces().create("notes", Document.parse("<p>mine</p>")));
        }

        Run run = importText(export, target);

        assertEquals(1, run.status());
        assertEquals("pavel: The data directory " + target.toAbsolutePath() + " already holds a world (spaces:"
                + " notes); nothing was imported, as an import goes only into a new or empty data directory.\n",
                run.err());
        try (SqliteWorld world = SqliteWorld.open(target, SqliteWorld.Options.DEFAULTS)) {
            assertEquals(List.of("notes"), List.copyOf(world.spaces().load().keySet()));
        }
    }

    @Test
    void aDirectoryWithOnlyAnEmptyMainTakesTheImport() throws Exception {
        String export = smallExport();
        Path target = directory(temp.resolve("target"));
        try (SqliteWorld world = SqliteWorld.open(target, SqliteWorld.Options.DEFAULTS)) {
            StoreException.await(world.spaces().create("main", new Document())); // what a first start leaves
        }

        Run run = importText(export, target);

        assertEquals(0, run.status(), run.err());
        assertSameWorld(temp.resolve("small"), target);
    }

    @Test
    void aDirectoryInUseByAServerIsRefused() throws Exception {
        String export = smallExport();
        Path target = directory(temp.resolve("target"));
        try (SqliteWorld running = SqliteWorld.open(target, SqliteWorld.Options.DEFAULTS)) {
            Run run = importText(export, target);

            assertEquals(1, run.status());
            assertTrue(run.err().startsWith("pavel: The data directory ") && run.err().contains(
                    "is in use by another running Pavel server"), run.err());
            assertEquals(Map.of(), running.spaces().load(), "the running world was left alone");
        }
    }

    @Test
    void aNewerFormatVersionIsRefusedWithTheVersionsNamed() throws Exception {
        Path target = temp.resolve("target");
        Run run = importText(smallExport().replace("\"version\": 1,", "\"version\": 2,"), target);

        assertRefused(run, "was exported by a newer Pavel (format version 2); this one reads version 1", target);
        assertFalse(Files.exists(target), "the data directory is not even created");
    }

    @Test
    void aChangedDocumentIsRefusedByItsHash() throws Exception {
        Path target = temp.resolve("target");
        Run run = importText(smallExport().replace("<p>lab</p>", "<p>lab!</p>"), target);

        assertRefused(run, "spaces[0].hash: the html hashes to ", target);
    }

    @Test
    void malformedJsonIsRefusedWithLineAndColumn() throws Exception {
        Path target = temp.resolve("target");
        String export = smallExport();
        Run run = importText(export.substring(0, export.indexOf("\"spaces\"") + 12), target);

        assertRefused(run, "is not well-formed JSON at line ", target);
        assertTrue(run.err().matches("(?s).*at line \\d+, column \\d+.*"), run.err());
        assertFalse(run.err().contains("Source"), run.err());
    }

    @Test
    void behaviourVersionsOutOfOrderAreRefusedNamingWhere() throws Exception {
        String object = """
                {"name": "a", "state": {}, "proto": null, "owner": null, "view": null,
                 "created": "2025-01-01T00:00:00Z", "mailbox": [],
                 "behaviours": [{"version": 1, "source": "", "created": "2025-01-01T00:00:00Z"},
                                {"version": 5, "source": "", "created": "2025-01-01T00:00:00Z"}]}""";
        Path target = temp.resolve("target");
        Run run = importText("{\"format\": \"pavel-world\", \"version\": 1, \"spaces\": [], \"objects\": ["
                + object + "]}", target);

        assertRefused(run, "Cannot import ", target);
        assertTrue(run.err().contains(": objects[0].behaviours[1].version: expected 2, found 5"), run.err());
    }

    @Test
    void everyProblemOfTheFileIsCountedAndTheFirstNamed() throws Exception {
        String world = """
                {"format": "pavel-world", "version": 1, "spaces": [{"name": "bad name", "version": -1}],
                 "objects": [{"name": "a", "state": [], "proto": "b", "owner": null, "view": null,
                              "created": "yesterday", "behaviours": [], "mailbox": [], "colour": "red"},
                             {"name": "b", "state": {}, "proto": "a", "owner": null, "view": null,
                              "created": "2025-01-01T00:00:00Z", "behaviours": [], "mailbox": []}]}""";
        Path target = temp.resolve("target");
        Run run = importText(world, target);

        assertRefused(run, "pavel: Cannot import ", target);
        assertTrue(run.err().contains(": spaces[0].name: \"bad name\" is not a space name"), run.err());
        assertTrue(run.err().endsWith("(and 6 more problems); nothing was imported.\n"), run.err());
    }

    @Test
    void importReadsAFileAndSaysWhenThereIsNone() {
        Run run = pavel("", "import", "--data", temp.resolve("t").toString(), temp.resolve("nope.json").toString());

        assertEquals(1, run.status());
        assertEquals("pavel: There is no file " + temp.resolve("nope.json") + " to import.\n", run.err());
    }

    @Test
    void exportOfADirectoryWithoutAWorldIsRefused() {
        Run run = pavel("", "export", "--data", temp.toString());

        assertEquals(1, run.status());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("pavel: There is no world in " + temp.toAbsolutePath()), run.err());
    }

    @Test
    void importWithoutAFileIsAUsageError() {
        Run run = pavel("", "import");

        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("pavel import: "), run.err());
    }
}

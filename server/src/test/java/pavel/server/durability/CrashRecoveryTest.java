package pavel.server.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pavel.model.Document;
import pavel.model.Element;
import pavel.server.testing.Eventually;
import pavel.server.testing.ServerProcess;

/**
 * Issue 6's crash proof: the real server in its own process, four clients changing the world at once (document ops,
 * object messages, behaviour edits), {@code kill -9} at a seeded random moment, a restart on the same data directory,
 * and then the world must be exactly the acknowledged changes. Each client's one unanswered change may be there or
 * not, but never half there. The world grows across rounds, so every restart also recovers what earlier rounds left.
 *
 * <p>Each client owns a part of the world nobody else touches, {@code <div id="cN">} in {@code main} and the counter
 * object {@code ctrN}, and keeps a model of it: the changes answered {@code 2xx}, in order. The model of each client
 * says what its part must hold after a restart, and all of them together what {@code main} and its version must be.
 *
 * <p>{@code -Dpavel.test.seed=N} replays a run (the kill moments and every client's choices; not the thread timing);
 * {@code -Dpavel.test.scale=100} (the long profile) runs 1,000 rounds.
 */
class CrashRecoveryTest {
    private static final int CLIENTS = 4;
    private static final long DEFAULT_SEED = 6L;
    private static final int MIN_KILL_MILLIS = 100;
    private static final int MAX_KILL_MILLIS = 700;
    /** How long a restarted server may take to run the messages it owed and show them. */
    private static final Duration SETTLE_DEADLINE = Duration.ofSeconds(60);
    private static final Duration JOIN_DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private @Nullable ServerProcess server;

    @AfterEach
    void killServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void afterKillNineTheWorldHoldsExactlyTheAcknowledgedChanges() throws Exception {
        long seed = Long.getLong("pavel.test.seed", DEFAULT_SEED);
        int rounds = Math.max(20, 10 * Integer.getInteger("pavel.test.scale", 1));
        Random random = new Random(seed);
        Path data = temp.resolve("data");
        List<ClientModel> clients = IntStream.range(0, CLIENTS).mapToObj(ClientModel::new).toList();
        long began = System.nanoTime();

        server = ServerProcess.start(data);
        long setUpVersion;
        try (Api api = new Api(server.port())) {
            setUpVersion = setUp(api, clients, "seed " + seed + ", setup");
        }
        for (int round = 0; round < rounds; round++) {
            String where = "seed " + seed + ", round " + round + " of " + rounds + " (rerun with -Dpavel.test.seed="
                    + seed + ")";
            int killAfter = MIN_KILL_MILLIS + random.nextInt(MAX_KILL_MILLIS - MIN_KILL_MILLIS + 1);
            List<LoadClient> load = clients.stream()
                    .map(client -> new LoadClient(client, server.port(), new Random(random.nextLong())))
                    .toList();
            load.forEach(LoadClient::start);
            // Not a wait for something: the moment of the kill is what this test varies.
            Thread.sleep(killAfter);
            server.kill();
            for (LoadClient client : load) {
                client.join(where);
            }
            for (ClientModel client : clients) {
                assertTrue(client.unexpected == null, () -> where + ": " + client.unexpected);
            }
            server = restart(data, where);
            try (Api api = new Api(server.port())) {
                verify(api, clients, setUpVersion, where);
            }
        }

        long seconds = (System.nanoTime() - began) / 1_000_000_000;
        Tally total = clients.stream().map(c -> c.tally).reduce(Tally::plus).orElseThrow();
        System.out.printf("Crash recovery, seed %d: %d rounds in %d s; acknowledged %d document ops, %d messages, "
                + "%d behaviour edits; unanswered changes found applied %d, not applied %d%n", seed, rounds, seconds,
                total.documentOps, total.messages, total.edits, total.inFlightPresent, total.inFlightAbsent);
        // A run in which nothing got through would prove nothing.
        assertTrue(total.documentOps + total.messages + total.edits >= rounds && total.documentOps > 0
                && total.messages > 0 && total.edits > 0,
                () -> "seed " + seed + ": too little load got through to prove anything: " + total);
    }

    /** Each client's container in main (the whole document, in one op) and its counter with its first behaviour. */
    private static long setUp(Api api, List<ClientModel> clients, String where) {
        String containers = clients.stream().map(c -> "<div id=\"" + c.container + "\"></div>")
                .collect(Collectors.joining());
        HttpResponse<String> reset = api.send("PUT", "/doc/main/", containers);
        assertEquals(200, reset.statusCode(), () -> where + ": PUT /doc/main/ answered " + reset.body());
        for (ClientModel client : clients) {
            HttpResponse<String> created = api.send("PUT", "/objects/" + client.counter, "{\"count\":0}");
            assertEquals(201, created.statusCode(), () -> where + ": PUT /objects/" + client.counter + " answered "
                    + created.body());
            ClientOp.Edit first = new ClientOp.Edit(client.counter, ClientOp.Edit.source(client.counter + "-0"));
            HttpResponse<String> behaviour = api.send("PUT", first.path(), first.body());
            assertEquals(200, behaviour.statusCode(), () -> where + ": " + first + " answered " + behaviour.body());
            client.acknowledged(first, behaviour);
        }
        return version(reset);
    }

    private ServerProcess restart(Path data, String where) {
        ServerProcess next = ServerProcess.launch(data, 0);
        server = next;
        if (next.awaitStartup() instanceof ServerProcess.Startup.Refused refused) {
            fail(where + ": after kill -9 the server does not start again (exit status " + refused.exitStatus()
                    + "): " + refused.sentence() + "\nIts output:\n" + next.outputText());
        }
        assertEquals(1, nativeLibraryCopies(data), () -> where + ": the data directory should hold only the running "
                + "server's copy of the SQLite library, not those of the servers killed before it");
        return next;
    }

    private static long nativeLibraryCopies(Path data) {
        try (Stream<Path> files = Files.list(data.resolve("native"))) {
            return files.filter(file -> !file.getFileName().toString().endsWith(".lck")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks the restarted world against the clients' models, settling each client's unanswered change (there or
     * not) into its model.
     *
     * @param setUpVersion main's version once the containers were made; every document op since adds one
     */
    private static void verify(Api api, List<ClientModel> clients, long setUpVersion, String where) {
        HttpResponse<String> whole = api.send("GET", "/doc/main/", null);
        assertEquals(200, whole.statusCode(), () -> where + ": GET /doc/main/ answered " + whole.body());
        Document main = Document.parse(whole.body());
        for (ClientModel client : clients) {
            client.settleContainer(containerHtml(main, client.container), where);
        }
        String expected = Document.parse(clients.stream().map(ClientModel::expectedContainer)
                .collect(Collectors.joining())).outerHtml();
        assertEquals(expected, main.outerHtml(),
                () -> where + ": main is not exactly the clients' containers, in order");
        long applied = clients.stream().mapToLong(c -> c.tally.documentOpsApplied()).sum();
        assertEquals(setUpVersion + applied, version(whole), () -> where + ": main's version after the restart is"
                + " not its version after setup (" + setUpVersion + ") plus the " + applied + " document ops applied"
                + " since; an op was lost, doubled or invented");

        HttpResponse<String> list = api.send("GET", "/objects", null);
        TreeSet<String> names = new TreeSet<>();
        api.json(list, where).forEach(object -> names.add(object.path("name").asText()));
        TreeSet<String> counters = clients.stream().map(c -> c.counter).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(counters, names, () -> where + ": GET /objects after the restart");

        for (ClientModel client : clients) {
            verifyCounter(api, client, where);
            verifyBehaviour(api, client, where);
            client.inFlight = null;
        }
    }

    /** Waits until the counter has run every message it owes, then checks that each ran exactly once. */
    private static void verifyCounter(Api api, ClientModel client, String where) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        Eventually.await(SETTLE_DEADLINE, () -> {
            JsonNode object = api.json(api.send("GET", "/objects/" + client.counter, null), where);
            last.set(object);
            JsonNode mailbox = object.path("mailbox");
            long count = object.path("state").path("count").asLong(-1);
            return mailbox.isArray() && mailbox.isEmpty() && count >= client.incs;
        }, () -> where + ": " + client.counter + " never ran the " + client.incs + " acknowledged messages; it shows "
                + last.get());
        client.settleCount(last.get(), where);
    }

    private static void verifyBehaviour(Api api, ClientModel client, String where) {
        HttpResponse<String> source = api.send("GET", "/objects/" + client.counter + "/behavior", null);
        assertEquals(200, source.statusCode(), () -> where + ": GET /objects/" + client.counter + "/behavior answered "
                + source.body());
        int version = Integer.parseInt(source.headers().firstValue("etag").orElse("\"-1\"").replace("\"", ""));
        JsonNode versions = api.json(api.send("GET", "/objects/" + client.counter + "/behavior/versions", null),
                where);
        client.settleBehaviour(source.body(), version, versions, where);
    }

    /** The outer HTML of the one element with that id, or a sentence saying how many there are. */
    private static String containerHtml(Document main, String id) {
        List<Element> found = main.elementsWithId(id);
        return found.size() == 1 ? found.getFirst().outerHtml() : "(" + found.size() + " elements with id " + id + ")";
    }

    private static long version(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("Pavel-Version").orElseThrow(
                () -> new AssertionError("no Pavel-Version on " + response)));
    }

    /** One change a client sends; its path and body, and the statuses that acknowledge it. */
    sealed interface ClientOp {
        String method();

        String path();

        @Nullable String body();

        boolean acknowledgedBy(int status);

        /** {@code POST} into the client's container: a new last child. */
        record Append(String container, String id, String text) implements ClientOp {
            public String method() {
                return "POST";
            }

            public String path() {
                return "/doc/main//*%5B@id='" + container + "'%5D";
            }

            public String body() {
                return "<p id=\"" + id + "\">" + text + "</p>";
            }

            public boolean acknowledgedBy(int status) {
                return status == 201;
            }
        }

        /** {@code PUT} of a child's text. */
        record SetText(String id, String text) implements ClientOp {
            public String method() {
                return "PUT";
            }

            public String path() {
                return "/doc/main//*%5B@id='" + id + "'%5D/text()";
            }

            public String body() {
                return text;
            }

            public boolean acknowledgedBy(int status) {
                return status == 200;
            }
        }

        /** {@code DELETE} of a child. */
        record Remove(String id) implements ClientOp {
            public String method() {
                return "DELETE";
            }

            public String path() {
                return "/doc/main//*%5B@id='" + id + "'%5D";
            }

            public @Nullable String body() {
                return null;
            }

            public boolean acknowledgedBy(int status) {
                return status == 204;
            }
        }

        /** A message to the client's counter: {@code 202} queued (durable), or with {@code ?reply} {@code 200} run. */
        record Inc(String counter, boolean reply) implements ClientOp {
            public String method() {
                return "POST";
            }

            public String path() {
                return "/objects/" + counter + (reply ? "?reply" : "");
            }

            public String body() {
                return "{\"type\":\"inc\"}";
            }

            public boolean acknowledgedBy(int status) {
                return status == 202 || (reply && status == 200);
            }
        }

        /** A new behaviour for the client's counter: the same handler, told apart by a comment. */
        record Edit(String counter, String source) implements ClientOp {
            static String source(String mark) {
                return "on({type: 'inc'}, (m, self) => { self.state.count++; }); // edit " + mark;
            }

            public String method() {
                return "PUT";
            }

            public String path() {
                return "/objects/" + counter + "/behavior";
            }

            public String body() {
                return source;
            }

            public boolean acknowledgedBy(int status) {
                return status == 200;
            }
        }
    }

    /** What got through, per client or summed. */
    static final class Tally {
        long documentOps;
        long messages;
        long edits;
        long inFlightPresent;
        long inFlightAbsent;
        long inFlightDocumentOps;

        /** Document ops main holds from this client: acknowledged ones and unanswered ones found applied. */
        long documentOpsApplied() {
            return documentOps + inFlightDocumentOps;
        }

        Tally plus(Tally other) {
            Tally sum = new Tally();
            sum.documentOps = documentOps + other.documentOps;
            sum.messages = messages + other.messages;
            sum.edits = edits + other.edits;
            sum.inFlightPresent = inFlightPresent + other.inFlightPresent;
            sum.inFlightAbsent = inFlightAbsent + other.inFlightAbsent;
            sum.inFlightDocumentOps = inFlightDocumentOps + other.inFlightDocumentOps;
            return sum;
        }

        @Override
        public String toString() {
            return "document ops " + documentOps + ", messages " + messages + ", edits " + edits;
        }
    }

    /**
     * One client's part of the world as its acknowledged changes make it, plus the one change it sent last that got
     * no acknowledgement. Written by that client's load thread during a round and by the test thread between rounds
     * (the thread's start and join order them).
     */
    static final class ClientModel {
        private static final int MAX_CHILDREN = 24;

        final String container;
        final String counter;
        final Tally tally = new Tally();
        /** The container's children, id to text, in document order. */
        private final LinkedHashMap<String, String> children = new LinkedHashMap<>();
        private long nextMark = 1;
        long incs;
        private String behaviour = "";
        private int behaviourVersion;
        private int behaviourVersions;
        @Nullable ClientOp inFlight;
        @Nullable String unexpected;

        ClientModel(int index) {
            container = "c" + index;
            counter = "ctr" + index;
        }

        /** The next change, chosen by {@code random}; ids and texts are never used twice, so every change shows. */
        ClientOp next(Random random) {
            String mark = container + "-" + nextMark++;
            int roll = random.nextInt(100);
            if (roll >= 85) {
                return new ClientOp.Edit(counter, ClientOp.Edit.source(mark));
            }
            if (roll >= 60) {
                return new ClientOp.Inc(counter, random.nextBoolean());
            }
            if (children.isEmpty() || (roll < 30 && children.size() < MAX_CHILDREN)) {
                return new ClientOp.Append(container, mark, "text " + mark);
            }
            String child = new ArrayList<>(children.keySet()).get(random.nextInt(children.size()));
            return roll < 48 ? new ClientOp.SetText(child, "text " + mark) : new ClientOp.Remove(child);
        }

        void acknowledged(ClientOp op, HttpResponse<String> response) {
            switch (op) {
                case ClientOp.Append _, ClientOp.SetText _, ClientOp.Remove _ -> {
                    applyTo(children, op);
                    tally.documentOps++;
                }
                case ClientOp.Inc _ -> {
                    incs++;
                    tally.messages++;
                }
                case ClientOp.Edit edit -> {
                    behaviour = edit.source();
                    behaviourVersion = versionIn(response.body());
                    behaviourVersions++;
                    tally.edits++;
                }
            }
        }

        private static int versionIn(String json) {
            try {
                return Api.JSON.readTree(json).path("version").asInt(-1);
            } catch (JsonProcessingException e) {
                throw new AssertionError("PUT behavior answered 200 with " + json, e);
            }
        }

        private static void applyTo(Map<String, String> children, ClientOp op) {
            switch (op) {
                case ClientOp.Append append -> children.put(append.id(), append.text());
                case ClientOp.SetText set -> children.replace(set.id(), set.text());
                case ClientOp.Remove remove -> children.remove(remove.id());
                default -> throw new IllegalArgumentException("Not a document op: " + op);
            }
        }

        String expectedContainer() {
            return expectedContainer(children);
        }

        /** The container as the server writes it: built as HTML, then parsed and written by the shared model. */
        private String expectedContainer(Map<String, String> content) {
            StringBuilder html = new StringBuilder("<div id=\"" + container + "\">");
            content.forEach((id, text) -> html.append("<p id=\"").append(id).append("\">").append(text).append("</p>"));
            html.append("</div>");
            return Document.parse(html.toString()).elementsWithId(container).getFirst().outerHtml();
        }

        private boolean documentOpInFlight() {
            return inFlight instanceof ClientOp.Append || inFlight instanceof ClientOp.SetText
                    || inFlight instanceof ClientOp.Remove;
        }

        /** The container after a restart must be the acknowledged one, or that plus the whole unanswered op. */
        void settleContainer(String observed, String where) {
            String acknowledged = expectedContainer();
            if (observed.equals(acknowledged)) {
                if (documentOpInFlight()) {
                    tally.inFlightAbsent++;
                }
                return;
            }
            if (documentOpInFlight()) {
                LinkedHashMap<String, String> withInFlight = new LinkedHashMap<>(children);
                applyTo(withInFlight, inFlight);
                String applied = expectedContainer(withInFlight);
                if (observed.equals(applied)) {
                    children.clear();
                    children.putAll(withInFlight);
                    tally.inFlightPresent++;
                    tally.inFlightDocumentOps++;
                    return;
                }
                fail(where + ": container " + container + " holds\n  " + observed + "\nbut its acknowledged changes"
                        + " give\n  " + acknowledged + "\nor, with the unanswered " + inFlight + ",\n  " + applied);
            }
            fail(where + ": container " + container + " holds\n  " + observed
                    + "\nbut its acknowledged changes give\n  " + acknowledged
                    + "\n(no document op of this client was unanswered: " + inFlight + ")");
        }

        /** Every acknowledged message ran once; the unanswered one at most once. */
        void settleCount(JsonNode object, String where) {
            long count = object.path("state").path("count").asLong(-1);
            boolean incInFlight = inFlight instanceof ClientOp.Inc;
            long most = incs + (incInFlight ? 1 : 0);
            assertTrue(count <= most, () -> where + ": " + counter + " counted " + count + " but only " + incs
                    + " messages were acknowledged" + (incInFlight ? " and one was unanswered" : "")
                    + ": a message ran twice or came from nowhere; it shows " + object);
            assertEquals(1, object.path("state").size(), () -> where + ": " + counter + "'s state is " + object);
            if (incInFlight) {
                if (count > incs) {
                    tally.inFlightPresent++;
                } else {
                    tally.inFlightAbsent++;
                }
            }
            incs = count;
        }

        /** The active behaviour is the last acknowledged one or the unanswered edit; the history has exactly those. */
        void settleBehaviour(String source, int version, JsonNode versions, String where) {
            if (source.equals(behaviour)) {
                assertEquals(behaviourVersion, version, () -> where + ": " + counter + "'s behaviour has the last"
                        + " acknowledged source but not its version");
                if (inFlight instanceof ClientOp.Edit) {
                    tally.inFlightAbsent++;
                }
            } else if (inFlight instanceof ClientOp.Edit edit && source.equals(edit.source())) {
                behaviour = source;
                behaviourVersion = version;
                behaviourVersions++;
                tally.inFlightPresent++;
            } else {
                fail(where + ": " + counter + "'s behaviour is\n  " + source + "\nbut the last acknowledged edit is\n  "
                        + behaviour + (inFlight instanceof ClientOp.Edit edit ? "\nand the unanswered one\n  "
                        + edit.source() : ""));
            }
            assertEquals(behaviourVersions, versions.size(), () -> where + ": " + counter + " lists " + versions.size()
                    + " behaviour versions but " + behaviourVersions + " edits got through: " + versions);
            assertEquals(behaviourVersion, versions.get(versions.size() - 1).path("version").asInt(),
                    () -> where + ": " + counter + "'s newest listed version is not the active one: " + versions);
        }
    }

    /**
     * One client's thread for one round: sends its changes one after another, each after the previous one's answer,
     * until one is not acknowledged (the server was killed, or refused it with 503/507). That one is its in-flight
     * change. An answer the contract does not allow is kept in {@link ClientModel#unexpected} for the test to fail on.
     */
    static final class LoadClient {
        private final ClientModel model;
        private final Random random;
        private final HttpClient http;
        private final String base;
        private final Thread thread;

        LoadClient(ClientModel model, int port, Random random) {
            this.model = model;
            this.random = random;
            this.base = "http://127.0.0.1:" + port;
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Api.TIMEOUT).build();
            this.thread = Thread.ofPlatform().name("crash-client-" + model.container).unstarted(this::run);
        }

        void start() {
            thread.start();
        }

        void join(String where) throws InterruptedException {
            assertTrue(thread.join(JOIN_DEADLINE), () -> where + ": client " + model.container + " still sends "
                    + JOIN_DEADLINE + " after the kill");
            http.shutdownNow();
        }

        private void run() {
            while (true) {
                ClientOp op = model.next(random);
                model.inFlight = op;
                HttpResponse<String> response;
                try {
                    response = http.send(Api.request(base, op.method(), op.path(), op.body()),
                            HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    return; // refused, reset or cut off by the kill: not acknowledged
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                int status = response.statusCode();
                if (op.acknowledgedBy(status)) {
                    model.acknowledged(op, response);
                    model.inFlight = null;
                } else {
                    if (status != 503 && status != 507) {
                        model.unexpected = op + " answered " + status + " " + response.body();
                    }
                    return; // not acknowledged; the store may refuse while it cannot write
                }
            }
        }
    }

    /** The test thread's own requests, for setup and checks; a failure to reach the server fails the test. */
    static final class Api implements AutoCloseable {
        static final Duration TIMEOUT = Duration.ofSeconds(20);
        static final ObjectMapper JSON = new ObjectMapper();

        private final String base;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT).build();

        Api(int port) {
            this.base = "http://127.0.0.1:" + port;
        }

        static HttpRequest request(String base, String method, String path, @Nullable String body) {
            return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .build();
        }

        HttpResponse<String> send(String method, String path, @Nullable String body) {
            try {
                return http.send(request(base, method, path, body), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + base + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted during " + method + " " + path, e);
            }
        }

        JsonNode json(HttpResponse<String> response, String where) {
            assertEquals(200, response.statusCode(), () -> where + ": " + response.request().method() + " "
                    + response.uri() + " answered " + response.body());
            try {
                return JSON.readTree(response.body());
            } catch (JsonProcessingException e) {
                throw new AssertionError(where + ": " + response.uri() + " answered " + response.body(), e);
            }
        }

        @Override
        public void close() {
            http.shutdownNow();
        }
    }
}

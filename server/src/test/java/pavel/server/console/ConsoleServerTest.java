package pavel.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pavel.ptth.PtthJson;
import pavel.ptth.ReverseRequest;
import pavel.server.space.SpaceConfig;
import pavel.server.testing.Eventually;
import pavel.server.testing.TestServer;

/** The console over a real socket, as {@code nc} uses it, on a real server's world. */
class ConsoleServerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MAX_LINE = 1024;
    private static final int MAX_CONNECTIONS = 3;

    private static TestServer server;
    private static ConsoleServer console;
    private static int port;

    @BeforeAll
    static void start() {
        server = TestServer.startWorld(ptth -> ptth.hold(Duration.ofMillis(300)), SpaceConfig.DEFAULTS);
        console = new ConsoleServer(ConsoleConfig.newBuilder().port(0).maxLineBytes(MAX_LINE)
                .maxConnections(MAX_CONNECTIONS).build(), server.console());
        port = console.start().getPort();
    }

    @AfterAll
    static void stop() {
        console.close();
        server.close();
    }

    @BeforeEach
    void earlierConnectionsHaveEnded() {
        Eventually.await(WAIT, () -> console.connectionCount() == 0,
                () -> console.connectionCount() + " console connections still open");
    }

    @Test
    void linesPipedInAsWithNcPrintTheirResults() throws IOException {
        // printf 'let x = 2\nx * 21\n' | nc -q1 127.0.0.1 <port>
        try (ReplClient nc = ReplClient.connect(port)) {
            nc.write("let x = 2\nx * 21\n");
            nc.endInput();
            String all = nc.untilEnd();

            assertTrue(all.startsWith(ConsoleConnection.GREETING), all);
            assertTrue(all.contains("pavel> undefined\npavel> 42\npavel> "), all);
        }
    }

    @Test
    void declarationsStayAndTheWorldIsInScope() throws IOException {
        try (ReplClient repl = ReplClient.greeted(port)) {
            assertEquals("true", repl.send("world.put('inspected', {n: 1, tags: ['a']})"));
            assertEquals("undefined", repl.send("const seen = world.objects()"));
            assertEquals("true", repl.send("seen.includes('inspected')"));
            assertEquals("{\"n\":1,\"tags\":[\"a\"]}", repl.send("world.object('inspected').state"));
            assertEquals("0", repl.send("world.object('inspected').behavior.version"));
            assertEquals("Uncaught Error: There is no object nope; world.put('nope', {}) creates it. (line 1, column 1)",
                    repl.send("world.object('nope')"));
        }
    }

    @Test
    void worldSendRunsTheObjectsHandler() throws IOException {
        assertEquals(201, server.send("PUT", "/objects/counted", "{\"count\":0}").statusCode());
        assertEquals(200, server.send("PUT", "/objects/counted/behavior",
                "on({type: 'inc'}, (msg, self) => { self.state.count += msg.by; });").statusCode());
        try (ReplClient repl = ReplClient.greeted(port)) {
            assertEquals("undefined", repl.send("world.send('counted', {type: 'inc', by: 5})"));

            AtomicReference<String> count = new AtomicReference<>();
            Eventually.await(WAIT, () -> {
                try {
                    count.set(repl.send("world.object('counted').state.count"));
                    return count.get().equals("5");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }, () -> "the count is " + count.get());
            assertTrue(server.get("/objects/counted").body().contains("\"count\":5"));
            assertTrue(repl.send("world.send('counted', 5)").startsWith(
                    "Uncaught Error: world.send(name, message): the message must be an object"));
        }
    }

    @Test
    void worldDocChangesTheDocumentEveryoneSees() throws IOException {
        try (ReplClient repl = ReplClient.greeted(port)) {
            assertEquals("undefined", repl.send("world.doc('main').append('/body', '<p id=\"from-console\">hi</p>')"));
            assertEquals("'<p id=\"from-console\">hi</p>'", repl.send("world.doc('main').get(\"//*[@id='from-console']\")"));
        }
        HttpResponse<String> body = server.get("/doc/main/body");
        assertEquals(200, body.statusCode());
        assertTrue(body.body().contains("<p id=\"from-console\">hi</p>"), body.body());
    }

    @Test
    void aSyntaxErrorSaysTheLineAndColumn() throws IOException {
        try (ReplClient repl = ReplClient.greeted(port)) {
            assertEquals("Uncaught SyntaxError: Expected an operand but found = (line 1, column 5)",
                    repl.send("x = = 2"));
            assertEquals("3", repl.send("1 + 2"));
        }
    }

    @Test
    void anEndlessLoopIsStoppedByItsBudgetAndTheReplGoesOn() throws IOException {
        try (ReplClient repl = ReplClient.greeted(port)) {
            repl.send("let before = 20");
            String stopped = repl.send("while (true) {}");
            assertTrue(stopped.startsWith("The input ran longer than its 1000 ms budget.")
                    || stopped.startsWith("The input reached the statement limit"), stopped);
            assertEquals("42", repl.send("21 * 2"));
        }
    }

    @Test
    void thereIsNoJavaInTheSandbox() throws IOException {
        try (ReplClient repl = ReplClient.greeted(port)) {
            assertEquals("'undefined'", repl.send("typeof Java"));
            assertEquals("Uncaught ReferenceError: Java is not defined (line 1, column 1)",
                    repl.send("Java.type('java.lang.System').exit(0)"));
            assertEquals("'undefined'", repl.send("typeof Polyglot"));
        }
    }

    @Test
    void anOverLongLineIsRefusedAndTheConsoleGoesOn() throws IOException {
        try (ReplClient repl = ReplClient.greeted(port)) {
            assertEquals("That line is longer than " + MAX_LINE + " bytes; it was not run.",
                    repl.send("'" + "x".repeat(MAX_LINE * 4) + "'"));
            assertEquals("2", repl.send("1 + 1"));
        }
        try (ReplClient another = ReplClient.greeted(port)) {
            assertEquals("'still here'", another.send("'still here'"));
        }
    }

    @Test
    void anUnfinishedInputGathersTheNextLines() throws IOException {
        try (ReplClient repl = ReplClient.greeted(port)) {
            assertEquals("", repl.send("function add(a, b) {"));
            assertEquals("", repl.send("  return a + b;"));
            assertEquals("undefined", repl.send("}"));
            assertEquals("5", repl.send("add(2, 3)"));
            assertEquals("", repl.send("[1,"));
            repl.send(".break");
            assertEquals("'fresh'", repl.send("'fresh'"));
        }
    }

    @Test
    void helpListsTheWorldAndExitSaysBye() throws IOException {
        try (ReplClient repl = ReplClient.greeted(port)) {
            assertTrue(repl.send(".help").contains("world.send(name, message)"));
            assertEquals("There is no command .nope; .help lists them.", repl.send(".nope"));
            assertEquals("0.5", repl.send(".5"), "a dot and a digit is JavaScript");
            repl.write(".exit\n");
            assertEquals("Bye.\n", repl.untilEnd());
        }
    }

    @Test
    void inputsAndResultsGoToTheSessionsConsoles() throws IOException {
        HttpResponse<String> opened = server.send("POST", "/ptth", "");
        assertEquals(201, opened.statusCode(), opened.body());
        String queue = opened.headers().firstValue("location").orElseThrow();
        try (ReplClient repl = ReplClient.greeted(port)) {
            assertEquals("logged\n'echo-42'", repl.send("log('logged'); 'echo-' + 6 * 7"));
        }
        List<String> lines = new ArrayList<>();
        Eventually.await(WAIT, () -> {
            lines.addAll(consoleLines(queue));
            return lines.contains("[console] 'echo-42'");
        }, () -> "console lines: " + lines);
        int input = lines.indexOf("[console] > log('logged'); 'echo-' + 6 * 7");
        assertTrue(input >= 0, lines.toString());
        assertEquals("[console] logged", lines.get(input + 1));
        assertEquals("[console] 'echo-42'", lines.get(input + 2));
    }

    /** One poll of a long-poll queue: the bodies of the {@code POST /console} requests it carries. */
    private static List<String> consoleLines(String queue) {
        HttpResponse<String> poll;
        try {
            poll = server.client().send(java.net.http.HttpRequest.newBuilder(server.uri(queue))
                    .header("Pavel-Batch", "100").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertEquals(200, poll.statusCode(), poll.body());
        String body = poll.body().strip();
        if (!body.startsWith("[")) {
            return List.of();
        }
        return PtthJson.readRequests(body).stream()
                .filter(request -> request.uri().equals("/console"))
                .map(ReverseRequest::body)
                .toList();
    }

    @Test
    void oneConnectionTooManyIsToldSoAndClosed() throws IOException {
        List<ReplClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                clients.add(ReplClient.greeted(port));
            }
            try (ReplClient extra = ReplClient.connect(port)) {
                assertEquals("The console has " + MAX_CONNECTIONS + " connections open already; try again later.\n",
                        extra.untilEnd());
            }
            assertEquals("2", clients.getFirst().send("1 + 1"));
        } finally {
            for (ReplClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws IOException {
        try (ConsoleServer impatient = new ConsoleServer(
                ConsoleConfig.newBuilder().port(0).idleTimeout(Duration.ofMillis(300)).build(), server.console())) {
            int impatientPort = impatient.start().getPort();
            try (ReplClient repl = ReplClient.greeted(impatientPort)) {
                assertEquals("\nClosing the console after 300 ms without input.\n", repl.untilEnd());
            }
        }
    }

    @Test
    void itListensOnLoopbackOnly() throws IOException {
        InetAddress other = NonLoopbackAddress.find();
        assumeTrue(other != null, "this machine has no address but loopback");
        try (Socket socket = new Socket()) {
            assertThrows(ConnectException.class, () -> socket.connect(new InetSocketAddress(other, port), 5_000));
        }
    }

    @Test
    void aTakenPortIsOneSentence() {
        try (ConsoleServer second = new ConsoleServer(ConsoleConfig.newBuilder().port(port).build(), server.console())) {
            assertEquals("Cannot listen on 127.0.0.1:" + port + " for the console: address already in use.",
                    assertThrows(java.io.UncheckedIOException.class, second::start).getMessage());
        }
    }
}

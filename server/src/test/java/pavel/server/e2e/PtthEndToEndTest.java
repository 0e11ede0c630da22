package pavel.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pavel.desktop.ptth.ConnectionEvent;
import pavel.desktop.ptth.ConnectionListener;
import pavel.desktop.ptth.ConnectionState;
import pavel.desktop.ptth.PtthClient;
import pavel.desktop.ptth.PtthClientConfig;
import pavel.desktop.ptth.ReverseHandler;
import pavel.desktop.ptth.ReverseReplies;
import pavel.desktop.ptth.ReverseRouter;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.ptth.PtthConfig;
import pavel.server.session.ExchangeFailedException;
import pavel.server.session.Flavour;
import pavel.server.session.Session;
import pavel.server.testing.Eventually;
import pavel.server.testing.TestServer;

/**
 * Our PTTH client (A, {@code pavel-desktop-client}) against our server (B) over real loopback sockets: the client
 * opens its session with {@code POST /ptth}, upgrades on the session's queue URI, answers what {@link Session#send}
 * sends, in order, and resumes the same session after a cut socket, a response timeout or its own close.
 */
class PtthEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestServer server;
    private PtthClient client;
    private CuttableProxy proxy;
    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> startedSessions = new CopyOnWriteArrayList<>();
    /** The sequence numbers of the requests the client's handler saw, in the order it saw them. */
    private final List<Integer> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Documents at {@code /doc/**} (PUT echoes the body, DELETE is 204), {@code GET /status}; the rest 404/405. */
    private static ReverseRouter router() {
        return ReverseRouter.builder()
                .on("PUT", "/doc/**", req -> ReverseReplies.ok(req, "text/plain; charset=utf-8", "stored " + req.body()))
                .on("DELETE", "/doc/**", ReverseReplies::noContent)
                .on("GET", "/status", req -> ReverseReplies.ok(req, "text/plain", "Good"))
                .build();
    }

    /** The router, recording the {@code n} of each request it is given first. */
    private ReverseHandler recording(ReverseHandler next) {
        return req -> {
            int n = req.uri().lastIndexOf("n=");
            if (n >= 0) {
                seen.add(Integer.parseInt(req.uri().substring(n + 2)));
            }
            return next.handle(req);
        };
    }

    private void startServer(UnaryOperator<PtthConfig.Builder> ptth) {
        server = TestServer.startWithPtth(ptth);
    }

    private void startClient(int port, ReverseHandler handler, UnaryOperator<PtthClientConfig.Builder> configure) {
        PtthClientConfig config = configure.apply(PtthClientConfig
                .newBuilder(URI.create("http://127.0.0.1:" + port + "/ptth"))
                .viewSpaces(List.of("main"))
                .backoff(Duration.ofMillis(20), 2, Duration.ofMillis(100))).build();
        client = new PtthClient(config, handler, new ConnectionListener() {
            @Override
            public void stateChanged(ConnectionEvent event) {
                events.add(event);
            }

            @Override
            public void sessionStarted(String sessionId) {
                startedSessions.add(sessionId);
            }
        });
        client.connect();
    }

    private long upgrades() {
        return events.stream().filter(e -> e.state() == ConnectionState.UPGRADED).count();
    }

    private void awaitUpgrades(long n) {
        Eventually.await(WAIT, () -> upgrades() >= n, () -> "upgraded " + n + " times; events: " + events);
    }

    /** The one session of the server, once the client has upgraded. */
    private Session session() {
        awaitUpgrades(1);
        Session session = server.sessions().find(client.sessionId());
        assertNotNull(session, "the client's session " + client.sessionId() + " is on the server");
        return session;
    }

    /** {@code GET /sessions}, as the server lists them. */
    private JsonNode sessionsListed() throws IOException {
        var response = server.get("/sessions");
        assertEquals(200, response.statusCode());
        return JSON.readTree(response.body());
    }

    /** Request {@code i} of a mix of the methods and paths a replica gets, and the status the router gives it. */
    private static ReverseRequest request(int i) {
        return switch (i % 6) {
            case 0 -> ReverseRequest.of("PUT", "/doc/main/p?n=" + i,
                    List.of(new Header("Content-Type", "text/plain; charset=utf-8")), "h\u00e9llo \u2713 " + i);
            case 1 -> ReverseRequest.of("GET", "/status?n=" + i, List.of(), "");
            case 2 -> ReverseRequest.of("DELETE", "/doc/main/p?n=" + i, List.of(), "");
            case 3 -> ReverseRequest.of("OPTIONS", "*", List.of(), "");
            case 4 -> ReverseRequest.of("GET", "/nowhere?n=" + i, List.of(), "");
            default -> ReverseRequest.of("POST", "/status?n=" + i, List.of(), "");
        };
    }

    private static int expectedStatus(int i) {
        return switch (i % 6) {
            case 0, 1 -> 200;
            case 2, 3 -> 204;
            case 4 -> 404;
            default -> 405;
        };
    }

    /** Sends {@code count} requests and records the order in which their answers complete. */
    private static List<CompletableFuture<ReverseResponse>> sendAll(Session session, int count, List<Integer> completed) {
        List<CompletableFuture<ReverseResponse>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            answers.add(session.send(request(i)).whenComplete((r, e) -> completed.add(n)));
        }
        return answers;
    }

    private static void assertAnswered(List<CompletableFuture<ReverseResponse>> answers, List<Integer> completed)
            throws Exception {
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        for (int i = 0; i < answers.size(); i++) {
            ReverseResponse r = answers.get(i).get();
            assertEquals(expectedStatus(i), r.status(), "status of request " + i + " " + request(i).method());
            if (i % 6 == 0) {
                assertEquals("stored h\u00e9llo \u2713 " + i, r.body(), "the UTF-8 body made the round trip");
            } else if (i % 6 == 1) {
                assertEquals("Good", r.body());
            } else if (i % 6 == 5) {
                assertEquals("GET", r.header("Allow"));
            }
        }
        assertEquals(IntStream.range(0, answers.size()).boxed().toList(), completed, "answers complete in order");
    }

    /** The requests with a sequence number, in the order the handler first saw each. */
    private List<Integer> firstSeen() {
        return List.copyOf(new LinkedHashSet<>(seen));
    }

    private static List<Integer> numbered(int count) {
        return IntStream.range(0, count).filter(i -> i % 6 != 3).boxed().toList(); // OPTIONS * has no number
    }

    @Test
    void twoHundredMixedRequestsAreAnsweredInOrderWithTheRoutersStatuses() throws Exception {
        startServer(p -> p);
        startClient(server.port(), recording(router()), c -> c);
        Session session = session();
        assertEquals(List.of(session.id()), startedSessions, "the client was told about its new session");

        List<Integer> completed = new CopyOnWriteArrayList<>();
        List<CompletableFuture<ReverseResponse>> answers = sendAll(session, 200, completed);
        assertAnswered(answers, completed);
        assertEquals(numbered(200), seen, "each request reached the handler once, in order");
        assertEquals(1, upgrades(), "one connection carried them all");
        JsonNode listed = sessionsListed();
        assertEquals(1, listed.size());
        assertEquals(session.id(), listed.get(0).get("id").asText());
        assertEquals("upgrade", listed.get(0).get("flavour").asText(), "a session opened by POST /ptth, then upgraded");
    }

    @Test
    void aSocketCutMidPipelineIsResumedOnTheSameSessionAndEveryRequestDelivered() throws Exception {
        startServer(p -> p);
        proxy = new CuttableProxy(server.port());
        CountDownLatch cut = new CountDownLatch(1);
        CountDownLatch reached = new CountDownLatch(1);
        ReverseHandler cutAtFifty = req -> {
            if (req.uri().endsWith("n=50") && reached.getCount() > 0) {
                reached.countDown();
                cut.await(WAIT.toMillis(), TimeUnit.MILLISECONDS); // its answer meets a closed socket
            }
            return router().handle(req);
        };
        startClient(proxy.port(), recording(cutAtFifty), c -> c);
        Session session = session();
        String id = session.id();

        List<Integer> completed = new CopyOnWriteArrayList<>();
        List<CompletableFuture<ReverseResponse>> answers = sendAll(session, 200, completed);
        assertTrue(reached.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "request 50 reached the client");
        assertTrue(session.queueDepth() < 150 && !answers.get(60).isDone(),
                "requests are in flight behind 50 when the socket is cut");
        // The server's side goes first, as when the server closes the channel: it re-queues what was unanswered
        // before the client can reconnect (a client quicker than that is answered with a poll, PTTH.md TV-3).
        assertTrue(proxy.cutServerSide() > 0, "a connection was cut");
        Eventually.await(WAIT, () -> !session.hasConnection(), () -> "the server saw its socket close");
        proxy.cutClientSide();
        cut.countDown();

        assertAnswered(answers, completed);
        assertTrue(upgrades() >= 2, "the client reconnected by itself: " + events);
        assertEquals(numbered(200), firstSeen(), "every request delivered, in order (some twice: safe to repeat)");
        assertEquals(id, client.sessionId());
        JsonNode listed = sessionsListed();
        assertEquals(1, listed.size(), "no second session: " + listed);
        assertEquals(id, listed.get(0).get("id").asText(), "the same session, resumed");
        assertEquals("upgrade", listed.get(0).get("flavour").asText());
        assertEquals(List.of(id), startedSessions, "a resumed session is not reported as new");
    }

    @Test
    void aClientThatStopsAnsweringTimesOutItsExchangesAndReconnects() throws Exception {
        startServer(p -> p.responseTimeout(Duration.ofMillis(400)));
        CountDownLatch release = new CountDownLatch(1);
        ReverseHandler handler = req -> {
            if (req.uri().equals("/block")) {
                release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            return router().handle(req);
        };
        try {
            startClient(server.port(), handler, c -> c);
            Session session = session();
            CompletableFuture<ReverseResponse> blocked = session.send(ReverseRequest.of("GET", "/block", List.of(), ""));
            CompletableFuture<ReverseResponse> behind = session.send(ReverseRequest.of("GET", "/status", List.of(), ""));

            for (CompletableFuture<ReverseResponse> f : List.of(blocked, behind)) {
                ExecutionException failure = assertThrows(ExecutionException.class,
                        () -> f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
                ExchangeFailedException e = assertInstanceOf(ExchangeFailedException.class, failure.getCause());
                assertEquals(ExchangeFailedException.Reason.TIMEOUT, e.reason());
            }
            awaitUpgrades(2);
            assertEquals(200, session.send(ReverseRequest.of("GET", "/status", List.of(), ""))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).status(), "the new connection answers");
            assertEquals(session.id(), client.sessionId());
        } finally {
            release.countDown();
        }
    }

    @Test
    void heartbeatsKeepAnIdleConnectionUpPastTheClientsDeadPeerTimeout() throws Exception {
        startServer(p -> p.heartbeat(Duration.ofMillis(100)));
        startClient(server.port(), router(), c -> c.deadPeerTimeout(Duration.ofMillis(500)));
        Session session = session();
        assertEquals(204, session.send(ReverseRequest.of("OPTIONS", "*", List.of(), ""))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).status(), "OPTIONS * is answered 204");

        long heartbeats = server.sessions().metrics().statusClass(2);
        Eventually.await(WAIT, () -> server.sessions().metrics().statusClass(2) >= heartbeats + 12,
                () -> "heartbeats answered: " + server.sessions().metrics().statusClass(2));
        // 12 heartbeats at 100 ms span more than twice T_dead: without them the watchdog would have fired.
        assertEquals(1, upgrades(), "the connection stayed up: " + events);
        assertEquals(ConnectionState.UPGRADED, client.state());
        assertEquals(0, server.sessions().metrics().failed(), "every heartbeat was answered");
    }

    @Test
    void aSessionIsLongPollAgainWhenItPollsAfterItsSocketClosed() throws Exception {
        startServer(p -> p.hold(Duration.ofMillis(100)));
        startClient(server.port(), router(), c -> c);
        Session session = session();
        String queue = client.sessionQueue();
        assertEquals(session.queueUri(), queue);
        assertEquals(Flavour.UPGRADE, session.flavour());

        client.close();
        Eventually.await(WAIT, () -> !session.hasConnection(), () -> "the server saw the socket close");
        var poll = server.send("POST", queue, "");
        assertEquals(200, poll.statusCode());
        assertEquals("{}", poll.body());
        assertEquals(Flavour.LONG_POLL, session.flavour());
        assertEquals("long-poll", sessionsListed().get(0).get("flavour").asText());
    }

    /**
     * A TCP relay between the client and the server whose connections the test can cut, the server's side first,
     * then the client's: both see their socket close, in an order the test chooses. While a cut is under way a
     * relay that ends does not close the other side.
     */
    static final class CuttableProxy implements AutoCloseable {
        private final ServerSocket listener;
        private final int target;
        private final Set<Socket> clientSide = ConcurrentHashMap.newKeySet();
        private final Set<Socket> serverSide = ConcurrentHashMap.newKeySet();
        private volatile boolean cutting;

        CuttableProxy(int target) throws IOException {
            this.target = target;
            this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("proxy-accept").start(this::accept);
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket in = listener.accept();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                    in.setTcpNoDelay(true);
                    out.setTcpNoDelay(true);
                    clientSide.add(in);
                    serverSide.add(out);
                    relay(in, out, out);
                    relay(out, in, out);
                } catch (IOException e) {
                    return; // the listener closed
                }
            }
        }

        /** Copies {@code from} to {@code to}; at the end closes both, or only {@code server} during a cut. */
        private void relay(Socket from, Socket to, Socket server) {
            Thread.ofVirtual().name("proxy-relay").start(() -> {
                byte[] buffer = new byte[16 * 1024];
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // cut or closed by either side: closing (below) is all there is to do
                } finally {
                    closeQuietly(server);
                    if (!cutting) {
                        closeQuietly(from == server ? to : from);
                    }
                }
            });
        }

        /** Closes the server's side of every relayed connection, leaving the client's open; returns how many. */
        int cutServerSide() {
            cutting = true;
            return closeAll(serverSide);
        }

        /** Closes the client's side of every relayed connection and ends the cut. */
        void cutClientSide() {
            closeAll(clientSide);
            cutting = false;
        }

        private static int closeAll(Set<Socket> sockets) {
            List<Socket> now = List.copyOf(sockets);
            now.forEach(CuttableProxy::closeQuietly);
            sockets.removeAll(now);
            return now.size();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                listener.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            closeAll(serverSide);
            closeAll(clientSide);
        }
    }
}

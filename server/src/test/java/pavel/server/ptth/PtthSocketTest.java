package pavel.server.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.DefaultBHttpServerConnection;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.session.ExchangeFailedException;
import pavel.server.session.Flavour;
import pavel.server.session.Session;
import pavel.server.testing.Eventually;
import pavel.server.testing.RawConnection;
import pavel.server.testing.TestServer;

/**
 * PTTH over real sockets against an independent HTTP implementation, Apache HttpCore 5 (PTTH.md §4): as Host A on an
 * upgraded socket and as a long-poll client; plus resume and failure behaviour with short timers.
 */
class PtthSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final TestServer server = TestServer.startWithPtth(p -> p
            .heartbeat(Duration.ofMillis(300)).responseTimeout(Duration.ofMillis(600)).hold(Duration.ofMillis(300))
            .maxQueuedRequests(50));
    private final List<PeerA> peers = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (PeerA peer : peers) {
            peer.close();
        }
        server.close();
    }

    /** Host A: the handshake on a plain socket, the 101 read byte by byte, then HttpCore 5's server connection. */
    private static final class PeerA implements AutoCloseable {
        final Socket socket;
        final DefaultBHttpServerConnection connection = new DefaultBHttpServerConnection("http", Http1Config.DEFAULT);
        final String head;

        PeerA(int port, String extraHeaders) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(("POST /ptth HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: PTTH/1.0\r\n"
                    + "Connection: Upgrade\r\n" + extraHeaders + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (!bytes.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed during the handshake: " + bytes.toString(StandardCharsets.US_ASCII));
                }
                bytes.write(b);
            }
            head = bytes.toString(StandardCharsets.US_ASCII);
            connection.bind(socket);
        }

        ClassicHttpRequest receive() throws Exception {
            ClassicHttpRequest request = connection.receiveRequestHeader();
            connection.receiveRequestEntity(request);
            if (request.getEntity() != null) {
                EntityUtils.consume(request.getEntity());
            }
            return request;
        }

        void answer(int status, String body) throws Exception {
            ClassicHttpResponse response = new BasicClassicHttpResponse(status);
            if (status != 204) {
                response.addHeader("Content-Type", "text/plain");
                response.addHeader("Content-Length", Integer.toString(body.length()));
                response.setEntity(new StringEntity(body, ContentType.TEXT_PLAIN));
            }
            connection.sendResponseHeader(response);
            connection.sendResponseEntity(response);
            connection.flush();
        }

        boolean closedByServer() throws IOException {
            try {
                return socket.getInputStream().read() < 0;
            } catch (SocketTimeoutException e) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private PeerA connect(String extraHeaders) throws IOException {
        PeerA peer = new PeerA(server.port(), extraHeaders);
        peers.add(peer);
        return peer;
    }

    private Session only() {
        Eventually.await(WAIT, () -> server.sessions().sessions().size() == 1, () -> "one session");
        return server.sessions().sessions().iterator().next();
    }

    private static ReverseRequest get(String path) {
        return ReverseRequest.of("GET", path, List.of(), "");
    }

    @Test
    void httpCore5AsHostAAnswersReversedRequestsAfterTheExact101() throws Exception {
        PeerA a = connect("");
        assertEquals(PtthPipelineVectorsTest.SWITCH_1_0, a.head);
        CompletableFuture<ReverseResponse> status = only().send(get("/status"));
        ClassicHttpRequest request = a.receive();
        assertEquals("GET", request.getMethod());
        assertEquals("/status", request.getRequestUri());
        assertEquals("", request.getFirstHeader("Host").getValue());
        assertFalse(request.containsHeader("Expect"));
        a.answer(200, "Good");
        ReverseResponse response = status.get(5, TimeUnit.SECONDS);
        assertEquals(200, response.status());
        assertEquals("Good", response.body());
    }

    @Test
    void idleConnectionGetsAnOptionsHeartbeat() throws Exception {
        PeerA a = connect("");
        ClassicHttpRequest heartbeat = a.receive();
        assertEquals("OPTIONS", heartbeat.getMethod());
        assertEquals("*", heartbeat.getRequestUri());
        assertEquals("", heartbeat.getFirstHeader("Host").getValue());
        a.answer(204, "");
        Eventually.await(WAIT, () -> server.sessions().metrics().statusClass(2) >= 1, () -> "the heartbeat is answered");
    }

    @Test
    void clientThatStopsAnsweringIsClosedAndItsExchangesFail() throws Exception {
        PeerA a = connect("");
        CompletableFuture<ReverseResponse> status = only().send(get("/status"));
        a.receive();
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> status.get(5, TimeUnit.SECONDS));
        assertEquals(ExchangeFailedException.Reason.TIMEOUT, ((ExchangeFailedException) failure.getCause()).reason());
        assertTrue(a.closedByServer());
    }

    @Test
    void socketKilledMidPipelineRequeuesUnansweredRequestsForTheNextConnection() throws Exception {
        PeerA first = connect("");
        Session session = only();
        List<CompletableFuture<ReverseResponse>> sent = List.of(
                session.send(get("/one")), session.send(get("/two")), session.send(get("/three")));
        assertEquals("/one", first.receive().getRequestUri());
        assertEquals("/two", first.receive().getRequestUri());
        first.answer(204, "");
        first.close();
        Eventually.await(WAIT, () -> !session.hasConnection(), () -> "the server notices the closed socket");
        assertEquals(204, sent.get(0).get(5, TimeUnit.SECONDS).status());
        assertEquals(2, session.queueDepth(), () -> sent.toString());

        PeerA second = connect("Pavel-Session: " + session.id() + "\r\n");
        assertEquals("/two", second.receive().getRequestUri());
        assertEquals("/three", second.receive().getRequestUri());
        second.answer(200, "2");
        second.answer(200, "3");
        assertEquals("2", sent.get(1).get(5, TimeUnit.SECONDS).body());
        assertEquals("3", sent.get(2).get(5, TimeUnit.SECONDS).body());
        assertEquals(1, server.sessions().sessions().size(), "the same session, resumed");
    }

    @Test
    void httpCore5AsALongPollClient() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            DefaultBHttpClientConnection http = new DefaultBHttpClientConnection(Http1Config.DEFAULT);
            http.bind(socket);
            ClassicHttpResponse created = exchange(http, "/ptth", "");
            assertEquals(201, created.getCode());
            JsonNode opened = new ObjectMapper().readTree(EntityUtils.toString(created.getEntity()));
            String queue = opened.get("queue").asText();
            Session session = server.sessions().find(opened.get("session").asText());
            assertEquals(Flavour.LONG_POLL, session.flavour());

            CompletableFuture<ReverseResponse> status = session.send(new ReverseRequest("m-0001", "GET", "/status",
                    "PTTH/1.0", List.of(new Header("Host", ""), new Header("Accept", "text/plain")), ""));
            ClassicHttpResponse poll = exchange(http, queue, "");
            assertEquals(200, poll.getCode());
            assertEquals("no-store", poll.getFirstHeader("Cache-Control").getValue());
            assertEquals(PtthPipelineVectorsTest.TV3_BODY, EntityUtils.toString(poll.getEntity()));

            ClassicHttpResponse idle = exchange(http, queue, "{\"message-id\":\"m-0001\",\"http-version\":\"PTTH/1.0\","
                    + "\"status\":200,\"reason\":\"OK\",\"headers\":[[\"Content-Type\",\"text/plain\"]],\"body\":\"Good\"}");
            assertEquals("Good", status.get(5, TimeUnit.SECONDS).body());
            assertEquals("{}", EntityUtils.toString(idle.getEntity()));
        }
    }

    private ClassicHttpResponse exchange(DefaultBHttpClientConnection http, String path, String json) throws Exception {
        BasicClassicHttpRequest request = new BasicClassicHttpRequest("POST", path);
        request.addHeader("Host", "127.0.0.1:" + server.port());
        request.addHeader("Accept", "application/json");
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        request.addHeader("Content-Length", Integer.toString(body.length));
        if (body.length > 0) {
            request.addHeader("Content-Type", "application/json");
            request.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        }
        http.sendRequestHeader(request);
        if (body.length > 0) {
            http.sendRequestEntity(request);
        }
        http.flush();
        ClassicHttpResponse response = http.receiveResponseHeader();
        http.receiveResponseEntity(response);
        return response;
    }

    /** Also for a poll that resumes its session ({@code Pavel-Session}), which is held after a virtual thread. */
    @ParameterizedTest(name = "resuming: {0}")
    @ValueSource(booleans = {false, true})
    void aPollWhoseConnectionClosesLetsGoSoWhatIsSentNextWaitsForTheNextPoll(boolean resuming) throws Exception {
        try (TestServer patient = TestServer.startWithPtth(p -> p.hold(Duration.ofMinutes(1)))) {
            Session session = patient.sessions().create("anonymous", Flavour.LONG_POLL, List.of("main"));
            try (RawConnection dropped = patient.connect()) {
                dropped.send("POST " + session.queueUri() + " HTTP/1.1\r\nHost: x\r\n"
                        + (resuming ? "Pavel-Session: " + session.id() + "\r\n" : "") + "Content-Length: 0\r\n\r\n");
                Eventually.await(WAIT, session::isPolling, () -> "the poll is held");
            }
            Eventually.await(WAIT, () -> !session.isPolling(),
                    () -> "the server let go of the poll when its connection closed");

            CompletableFuture<ReverseResponse> sent = session.send(ReverseRequest.of("GET", "/status", List.of(), ""));
            assertEquals(1, session.queueDepth(), "kept for the next poll, not handed to the closed connection");
            HttpResponse<String> next = patient.send("POST", session.queueUri(), "");
            assertEquals(200, next.statusCode());
            assertTrue(next.body().contains("\"request-uri\":\"/status\""), next.body());
            assertFalse(sent.isDone(), "waiting for its answer on the poll after");
        }
    }

    @Test
    void floodingOneSlowSessionDropsItsBacklogAndLeavesTheOthersPrompt() throws Exception {
        List<Session> resynced = new CopyOnWriteArrayList<>();
        server.sessions().onNeedsResync(resynced::add);
        PeerA fast = connect("");
        Session quick = only();
        Thread answering = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    ClassicHttpRequest request = fast.receive();
                    fast.answer(request.getMethod().equals("OPTIONS") ? 204 : 200, "ok");
                }
            } catch (Exception e) {
                // the socket closed at the end of the test
            }
        });
        Session slow = server.sessions().create("anonymous", Flavour.LONG_POLL, List.of("main"));
        List<CompletableFuture<ReverseResponse>> backlog = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            backlog.add(slow.send(get("/flood/" + i)));
        }
        assertEquals(List.of(slow, slow), resynced, "two overflows of 50 + 1, one resync signal each");
        assertTrue(backlog.getFirst().isCompletedExceptionally());
        assertTrue(slow.queueDepth() < 50);

        for (int i = 0; i < 20; i++) {
            long begin = System.nanoTime();
            assertEquals(200, quick.send(get("/fast/" + i)).get(5, TimeUnit.SECONDS).status());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
            assertTrue(millis < 1000, "exchange " + i + " took " + millis + " ms");
        }
        fast.close();
        answering.join(WAIT);
    }
}

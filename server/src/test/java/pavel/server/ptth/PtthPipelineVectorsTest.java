package pavel.server.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.PavelRoutes;
import pavel.server.PavelServerInitializer;
import pavel.server.ServerConfig;
import pavel.server.Version;
import pavel.server.session.Flavour;
import pavel.server.session.Session;
import pavel.server.session.SessionRegistry;
import pavel.server.testing.RawResponse;

/** The test vectors of PTTH.md §3 that concern B, byte for byte, on the real pipeline in an {@link EmbeddedChannel}. */
class PtthPipelineVectorsTest {

    static final String TV1_HANDSHAKE = "POST /pavel/ptth HTTP/1.1\r\nHost: pavel.example:8080\r\nUpgrade: PTTH/1.0\r\n"
            + "Connection: Upgrade\r\nContent-Length: 0\r\n\r\n";
    static final String SWITCH_1_0 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\n\r\n";
    static final String SWITCH_0_9 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: PTTH/0.9\r\nConnection: Upgrade\r\n\r\n";
    static final String GET_STATUS = "GET /status HTTP/1.1\r\nHost: \r\n\r\n";
    static final String GOOD = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nGood";
    static final String TV3_BODY = "{\"message-id\":\"m-0001\",\"method\":\"GET\",\"request-uri\":\"/status\","
            + "\"http-version\":\"PTTH/1.0\",\"headers\":[[\"Host\",\"\"],[\"Accept\",\"text/plain\"]],\"body\":\"\"}";

    private final PtthConfig ptth = PtthConfig.newBuilder()
            .hold(Duration.ofMillis(150)).maxAnswerBytes(4096).build();
    private final SessionRegistry sessions = new SessionRegistry(ptth);
    private final ServerConfig config = ServerConfig.newBuilder().ptth(ptth).build();

    @AfterEach
    void closeSessions() {
        sessions.close();
    }

    EmbeddedChannel channel() {
        return new EmbeddedChannel(new PavelServerInitializer(config,
                PavelRoutes.create(Version.current(), new ObjectMapper(), sessions), Runnable::run,
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), sessions));
    }

    static void write(EmbeddedChannel channel, String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        channel.runPendingTasks();
    }

    /**
     * What the server wrote for the last poll. A poll with nothing to take is held by its session, without a thread;
     * it is ended here as a newer poll would end it, so that its answer is written now and on this thread, not on
     * the timer's when the hold time runs out (the socket tests see that).
     */
    static byte[] answerTo(EmbeddedChannel channel, Session session) {
        byte[] out = written(channel);
        if (out.length == 0) {
            session.releasePoll();
            out = written(channel);
        }
        return out;
    }

    static byte[] written(EmbeddedChannel channel) {
        channel.runPendingTasks();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object msg = channel.readOutbound(); msg != null; msg = channel.readOutbound()) {
            ByteBuf buffer = (ByteBuf) msg;
            try {
                buffer.readBytes(out, buffer.readableBytes());
            } catch (IOException e) {
                throw new AssertionError(e);
            } finally {
                buffer.release();
            }
        }
        return out.toByteArray();
    }

    static String writtenText(EmbeddedChannel channel) {
        return new String(written(channel), StandardCharsets.UTF_8);
    }

    static RawResponse response(EmbeddedChannel channel) throws IOException {
        return RawResponse.read(new ByteArrayInputStream(written(channel)), false);
    }

    static ReverseRequest get(String id) {
        return new ReverseRequest(id, "GET", "/status", "PTTH/1.0",
                List.of(new Header("Host", ""), new Header("Accept", "text/plain")), "");
    }

    private Session only() {
        assertEquals(1, sessions.sessions().size());
        return sessions.sessions().iterator().next();
    }

    @Test
    void tv1HandshakeGetsExactly101ThenTheReversedGetAndItsResponseIsMatched() {
        EmbeddedChannel channel = channel();
        write(channel, TV1_HANDSHAKE.replace("/pavel/ptth", "/ptth"));
        byte[] head = written(channel);
        assertEquals(76, head.length);
        assertEquals(SWITCH_1_0, new String(head, StandardCharsets.US_ASCII));

        CompletableFuture<ReverseResponse> status = only().send(ReverseRequest.of("GET", "/status", List.of(), ""));
        byte[] request = written(channel);
        assertEquals(32, request.length);
        assertEquals(GET_STATUS, new String(request, StandardCharsets.US_ASCII));

        write(channel, GOOD);
        ReverseResponse response = status.getNow(null);
        assertNotNull(response);
        assertEquals(200, response.status());
        assertEquals("Good", response.body());
        assertEquals("text/plain", response.header("Content-Type"));
        assertNull(response.header("Content-Length"), "framing stays out of the response value");
        assertEquals(Flavour.UPGRADE, only().flavour());
        channel.finishAndReleaseAll();
    }

    @Test
    void tv1HandshakeOnTheVectorsOwnPathIsTheSameEndpoint() {
        EmbeddedChannel channel = channel();
        write(channel, TV1_HANDSHAKE);
        assertEquals(SWITCH_1_0, new String(written(channel), StandardCharsets.US_ASCII));
        assertEquals(Flavour.UPGRADE, only().flavour());
        channel.finishAndReleaseAll();
    }

    @Test
    void tv1ResumedSessionGetsThe101AndItsWaitingRequestInOneWrite() {
        Session session = sessions.create("anonymous", Flavour.LONG_POLL, List.of("main"));
        CompletableFuture<ReverseResponse> waiting = session.send(ReverseRequest.of("GET", "/status", List.of(), ""));
        EmbeddedChannel channel = channel();
        write(channel, TV1_HANDSHAKE.replace("/pavel/ptth", "/ptth")
                .replace("Content-Length: 0", "Pavel-Session: " + session.id() + "\r\nContent-Length: 0"));
        assertEquals(SWITCH_1_0 + GET_STATUS, writtenText(channel));
        write(channel, GOOD);
        assertEquals("Good", waiting.getNow(null).body());
        channel.finishAndReleaseAll();
    }

    @Test
    void tv2LegacyHandshakeWithoutConnectionEchoesPtth09() {
        EmbeddedChannel channel = channel();
        write(channel, "POST /ptth HTTP/1.1\r\nHost: localhost:9999\r\nAccept-Encoding: identity\r\nUpgrade: PTTH/0.9\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertEquals(SWITCH_0_9, writtenText(channel));
        channel.finishAndReleaseAll();
    }

    @Test
    void tv2WithTheLegacySwitchOffIsAnOrdinaryPost() throws IOException {
        SessionRegistry strict = new SessionRegistry(ptth.toBuilder().legacyNoConnectionHeader(false).build());
        try {
            EmbeddedChannel channel = new EmbeddedChannel(new PavelServerInitializer(config,
                    PavelRoutes.create(Version.current(), new ObjectMapper(), strict), Runnable::run,
                    new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), strict));
            write(channel, "POST /ptth HTTP/1.1\r\nHost: localhost:9999\r\nUpgrade: PTTH/0.9\r\nContent-Length: 0\r\n\r\n");
            assertEquals(201, response(channel).status());
            channel.finishAndReleaseAll();
        } finally {
            strict.close();
        }
    }

    @Test
    void tv3UpgradeOnAQueueUriOfASessionUpgradedElsewhereIsAnsweredAsAPoll() {
        EmbeddedChannel first = channel();
        write(first, TV1_HANDSHAKE.replace("/pavel/ptth", "/ptth"));
        assertEquals(SWITCH_1_0, writtenText(first));
        Session session = only();
        session.send(get("m-0001")); // the first connection's event loop does not run: the request waits
        EmbeddedChannel second = channel();
        write(second, TV1_HANDSHAKE.replace("/pavel/ptth", session.queueUri()));
        String answer = writtenText(second);
        assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
        assertTrue(answer.endsWith("\r\n\r\n" + TV3_BODY), answer);
        assertTrue(answer.contains("content-length: 146\r\n"), answer);
        first.finishAndReleaseAll();
        second.finishAndReleaseAll();
    }

    @Test
    void upgradeOnAQueueUriResumesThatSessionOnTheSocket() {
        Session session = sessions.create("anonymous", Flavour.LONG_POLL, List.of("main"));
        EmbeddedChannel channel = channel();
        write(channel, TV1_HANDSHAKE.replace("/pavel/ptth", session.queueUri()));
        assertEquals(SWITCH_1_0, writtenText(channel));
        assertEquals(Flavour.UPGRADE, session.flavour());
        assertTrue(session.hasConnection());
        channel.finishAndReleaseAll();
    }

    @Test
    void tv5PipelinedPutAndGetAreWrittenTogetherAndAnsweredInOrder() {
        EmbeddedChannel channel = channel();
        write(channel, TV1_HANDSHAKE.replace("/pavel/ptth", "/ptth"));
        written(channel);
        Session session = only();
        CompletableFuture<ReverseResponse> put = session.send(ReverseRequest.of("PUT", "/ui/widget/42",
                List.of(new Header("Content-Type", "application/json; charset=utf-8")), "{\"text\":\"h\u00e9llo\"}"));
        CompletableFuture<ReverseResponse> get = session.send(ReverseRequest.of("GET", "/status", List.of(), ""));
        byte[] wire = written(channel);
        assertEquals(154, wire.length);
        assertEquals("PUT /ui/widget/42 HTTP/1.1\r\nHost: \r\nContent-Type: application/json; charset=utf-8\r\n"
                + "Content-Length: 17\r\n\r\n{\"text\":\"h\u00e9llo\"}" + GET_STATUS, new String(wire, StandardCharsets.UTF_8));

        write(channel, "HTTP/1.1 204 No Content\r\n\r\n" + GOOD);
        assertEquals(204, put.getNow(null).status());
        assertEquals("", put.getNow(null).body());
        assertEquals(200, get.getNow(null).status());
        assertEquals("Good", get.getNow(null).body());
        channel.finishAndReleaseAll();
    }

    @Test
    void tv8dHttp10HandshakeIsNotUpgraded() throws IOException {
        EmbeddedChannel channel = channel();
        write(channel, TV1_HANDSHAKE.replace("/pavel/ptth", "/ptth").replace("HTTP/1.1", "HTTP/1.0"));
        RawResponse response = response(channel);
        assertEquals(201, response.status(), "the long-poll path instead");
        assertEquals(Flavour.LONG_POLL, only().flavour());
        channel.finishAndReleaseAll();
    }

    @Test
    void tv8eHandshakeBodyIsReadAndNeverReachesTheReversedChannel() {
        EmbeddedChannel channel = channel();
        write(channel, "POST /ptth HTTP/1.1\r\nHost: pavel.example:8080\r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\n"
                + "Content-Length: 5\r\n\r\nhello");
        assertEquals(SWITCH_1_0, writtenText(channel));
        CompletableFuture<ReverseResponse> status = only().send(ReverseRequest.of("GET", "/status", List.of(), ""));
        assertEquals(GET_STATUS, writtenText(channel));
        write(channel, GOOD);
        assertEquals("Good", status.getNow(null).body());
        assertTrue(channel.isActive());
        channel.finishAndReleaseAll();
    }

    @Test
    void tv8fBothVersionsOfferedAnswersPtth10() {
        EmbeddedChannel channel = channel();
        write(channel, "POST /ptth HTTP/1.1\r\nHost: pavel.example:8080\r\nUpgrade: PTTH/0.9, PTTH/1.0\r\n"
                + "Connection: Upgrade\r\nContent-Length: 0\r\n\r\n");
        assertEquals(SWITCH_1_0, writtenText(channel));
        channel.finishAndReleaseAll();
    }

    @Test
    void tv8gModernPtthTokenIsNotUpgraded() throws IOException {
        EmbeddedChannel channel = channel();
        write(channel, "GET /.well-known/ptth/https%3A%2F%2Fa.example/ HTTP/1.1\r\nHost: pavel.example\r\n"
                + "Connection: upgrade\r\nUpgrade: ptth\r\nALPN: h2, http%2F1.1\r\n\r\n");
        assertEquals(404, response(channel).status());
        write(channel, "POST /ptth HTTP/1.1\r\nHost: pavel.example\r\nConnection: upgrade\r\nUpgrade: ptth\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertEquals(201, response(channel).status());
        write(channel, "GET /ptth HTTP/1.1\r\nHost: pavel.example\r\nConnection: upgrade\r\nUpgrade: PTTH/2.0\r\n\r\n");
        RawResponse refused = response(channel);
        assertEquals(426, refused.status());
        assertEquals("PTTH/1.0", refused.header("Upgrade"));
        channel.finishAndReleaseAll();
    }

    @Test
    void tv8jExpectContinueGets100ThenThe101() {
        EmbeddedChannel channel = channel();
        write(channel, "POST /ptth HTTP/1.1\r\nHost: pavel.example:8080\r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\n"
                + "Expect: 100-continue\r\nContent-Length: 0\r\n\r\n");
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n" + SWITCH_1_0, writtenText(channel));
        channel.finishAndReleaseAll();
    }

    @Test
    void handshakeFromAForeignOriginIsForbidden() throws IOException {
        EmbeddedChannel channel = channel();
        write(channel, TV1_HANDSHAKE.replace("/pavel/ptth", "/ptth")
                .replace("Content-Length: 0", "Origin: http://evil.example\r\nContent-Length: 0"));
        assertEquals(403, response(channel).status());
        assertTrue(sessions.sessions().isEmpty());
        channel.finishAndReleaseAll();
    }

    @Test
    void handshakeBodyOverTheLimitIs413() throws IOException {
        EmbeddedChannel channel = channel();
        String body = "x".repeat(ptth.maxHandshakeBodyBytes() + 1);
        write(channel, "POST /ptth HTTP/1.1\r\nHost: a\r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body);
        assertEquals(413, response(channel).status());
        channel.finishAndReleaseAll();
    }

    @Test
    void handshakeBehindAPipelinedRequestWaitsForItsResponse() throws IOException {
        EmbeddedChannel channel = channel();
        write(channel, "GET /health HTTP/1.1\r\nHost: a\r\n\r\n" + TV1_HANDSHAKE.replace("/pavel/ptth", "/ptth"));
        String out = writtenText(channel);
        assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
        assertTrue(out.endsWith("}" + SWITCH_1_0), out);
        channel.finishAndReleaseAll();
    }

    @Test
    void clientResponseWithConnectionCloseClosesAndRequeuesTheRest() {
        EmbeddedChannel channel = channel();
        write(channel, TV1_HANDSHAKE.replace("/pavel/ptth", "/ptth"));
        written(channel);
        Session session = only();
        CompletableFuture<ReverseResponse> one = session.send(get("a"));
        CompletableFuture<ReverseResponse> two = session.send(get("b"));
        written(channel);
        write(channel, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        assertEquals(204, one.getNow(null).status());
        assertFalse(channel.isActive());
        assertFalse(two.isDone());
        assertEquals(1, session.queueDepth(), "the unanswered request waits for the next connection");
        channel.finishAndReleaseAll();
    }
}

package pavel.desktop.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pavel.desktop.ptth.Vectors.*;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import pavel.ptth.Header;

/** The test vectors of PTTH.md §3 that concern A, byte for byte, on the client's pipeline in an EmbeddedChannel. */
final class PtthClientPipelineTest {
    private static final ReverseRouter STATUS = ReverseRouter.builder()
            .on("GET", "/status", req -> ReverseReplies.ok(req, "text/plain", "Good"))
            .build();

    private static EmbeddedPeer peer() {
        return new EmbeddedPeer(b -> b, STATUS);
    }

    @Test
    void vectorSizesAreThoseOfTheSpec() {
        assertEquals(114, size(TV1_HANDSHAKE));
        assertEquals(76, size(TV1_101));
        assertEquals(32, size(TV1_GET));
        assertEquals(68, size(TV1_RESPONSE));
        assertEquals(137, size(TV2_101_TRANSCRIPT));
        assertEquals(88, size(TV4_401));
        assertEquals(92, size(TV4_426));
        assertEquals(27, size(TV4_204));
        assertEquals(71, size(TV4_503));
        assertEquals(154, size(TV5_REQUESTS));
        assertEquals(95, size(TV5_RESPONSES));
        assertEquals(77, size(TV8A));
        assertEquals(57, size(TV8B));
        assertEquals(94, size(TV8C));
        assertEquals(139, size(TV8H));
        assertEquals(35, size(TV8I));
    }

    @Test
    void handshakeIsThe114ByteTv1LiteralAndNothingFollowsUntilTheResponse() {
        try (EmbeddedPeer b = peer()) {
            assertEquals(TV1_HANDSHAKE, b.handshake());
            assertEquals("", b.sent());
            assertTrue(b.outcomes.isEmpty());
        }
    }

    @Test
    void tv1SplitAtEveryByteBoundaryIsAnswered() {
        byte[] input = (TV1_101 + TV1_GET).getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < input.length; cut++) {
            try (EmbeddedPeer b = peer()) {
                b.handshake();
                b.send(Arrays.copyOfRange(input, 0, cut));
                b.send(Arrays.copyOfRange(input, cut, input.length));
                assertEquals(TV1_RESPONSE, b.receive(68), "split after byte " + cut);
                assertEquals(List.of(new HandshakeOutcome.Upgraded("PTTH/1.0", null)), b.outcomes, "split after byte " + cut);
                assertNull(b.channel.pipeline().get("http-client"), "split after byte " + cut);
                assertNull(b.channel.pipeline().get("handshake"), "split after byte " + cut);
            }
        }
    }

    @Test
    void tv1FedOneByteAtATimeIsAnswered() {
        try (EmbeddedPeer b = peer()) {
            b.handshake();
            for (byte x : (TV1_101 + TV1_GET).getBytes(StandardCharsets.UTF_8)) {
                b.send(new byte[] {x});
            }
            assertEquals(TV1_RESPONSE, b.receive(68));
        }
    }

    @Test
    void legacyTranscript101IsAcceptedWhenPtth09WasOffered() {
        PtthClientConfig config = PtthClientConfig.newBuilder(URI.create("http://localhost:9999/"))
                .offerLegacyToken(true).build();
        try (EmbeddedPeer b = new EmbeddedPeer(config, STATUS)) {
            assertEquals("POST / HTTP/1.1\r\nHost: localhost:9999\r\nUpgrade: PTTH/0.9\r\nConnection: Upgrade\r\n"
                    + "Content-Length: 0\r\n\r\n", b.handshake());
            b.send(TV2_101_TRANSCRIPT + TV1_GET);
            assertEquals(TV1_RESPONSE, b.receive(68));
            assertEquals(List.of(new HandshakeOutcome.Upgraded("PTTH/0.9", null)), b.outcomes);
        }
    }

    @Test
    void legacy101IsRefusedWhenPtth10WasOffered() {
        try (EmbeddedPeer b = peer()) {
            b.handshake();
            b.send(TV2_101_TRANSCRIPT + TV1_GET);
            assertInstanceOf(HandshakeOutcome.BackOff.class, b.outcomes.getFirst());
            assertTrue(b.closedByA());
            assertEquals("", b.sent());
        }
    }

    @Test
    void status401StopsRetrying() {
        HandshakeOutcome o = refusalOf(TV4_401);
        assertEquals(new HandshakeOutcome.GiveUp(401, "handshake answered 401: fix the credentials"), o);
        assertNull(policy().delayAfter(o, Duration.ZERO));
    }

    @Test
    void status426BacksOffAndRetriesWithTheListedToken() {
        HandshakeOutcome o = refusalOf(TV4_426);
        HandshakeOutcome.BackOff backOff = assertInstanceOf(HandshakeOutcome.BackOff.class, o);
        assertEquals("PTTH/1.0", backOff.nextToken());
    }

    @Test
    void status204ReconnectsAtOnce() {
        HandshakeOutcome o = refusalOf(TV4_204);
        assertInstanceOf(HandshakeOutcome.RetryNow.class, o);
        assertEquals(Duration.ZERO, policy().delayAfter(o, Duration.ZERO));
    }

    @Test
    void status503WaitsAtLeastRetryAfter() {
        HandshakeOutcome o = refusalOf(TV4_503);
        assertEquals(Duration.ofSeconds(5), assertInstanceOf(HandshakeOutcome.RetryLater.class, o).atLeast());
        ReconnectPolicy policy = policy();
        for (int i = 0; i < 20; i++) {
            assertTrue(policy.delayAfter(o, Duration.ZERO).compareTo(Duration.ofSeconds(5)) >= 0);
        }
    }

    @Test
    void endpointOrSessionGoneStops() {
        assertInstanceOf(HandshakeOutcome.GiveUp.class, refusalOf("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
        assertInstanceOf(HandshakeOutcome.GiveUp.class, refusalOf("HTTP/1.1 410 Gone\r\nContent-Length: 0\r\n\r\n"));
        assertInstanceOf(HandshakeOutcome.GiveUp.class, refusalOf("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"));
    }

    @Test
    void otherServerErrorsBackOff() {
        assertInstanceOf(HandshakeOutcome.BackOff.class,
                refusalOf("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"));
        assertInstanceOf(HandshakeOutcome.BackOff.class, refusalOf("HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\n\r\n"));
    }

    @Test
    void tv8a101ToAnotherTokenClosesAndBacksOff() {
        HandshakeOutcome o = refusalOf(TV8A);
        assertEquals(new HandshakeOutcome.BackOff("101 to 'websocket', which was not offered"), o);
    }

    @Test
    void tv8b101WithoutUpgradeClosesAndBacksOff() {
        assertEquals(new HandshakeOutcome.BackOff("101 without Upgrade"), refusalOf(TV8B));
    }

    @Test
    void bareLowercasePtthTokenIsNotPtth() {
        assertInstanceOf(HandshakeOutcome.BackOff.class,
                refusalOf("HTTP/1.1 101 Switching Protocols\r\nUpgrade: ptth\r\nConnection: Upgrade\r\n\r\n"));
    }

    @Test
    void tokenComparisonIgnoresCase() {
        try (EmbeddedPeer b = peer()) {
            b.handshake();
            b.send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: ptth/1.0\r\n\r\n" + TV1_GET);
            assertEquals(TV1_RESPONSE, b.receive(68));
        }
    }

    @Test
    void tv8jInterim100ContinueBeforeThe101IsSkipped() {
        try (EmbeddedPeer b = peer()) {
            b.handshake();
            b.send(CONTINUE_100 + TV1_101 + TV1_GET);
            assertEquals(TV1_RESPONSE, b.receive(68));
        }
        try (EmbeddedPeer b = peer()) {
            b.handshake();
            b.send(CONTINUE_100);
            assertTrue(b.outcomes.isEmpty());
            b.send(TV1_101 + TV1_GET);
            assertEquals(TV1_RESPONSE, b.receive(68));
        }
    }

    @Test
    void sessionIdOnThe101IsReported() {
        try (EmbeddedPeer b = peer()) {
            b.handshake();
            b.send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\nPavel-Session: s-42\r\n\r\n");
            assertEquals(List.of(new HandshakeOutcome.Upgraded("PTTH/1.0", "s-42")), b.outcomes);
        }
    }

    @Test
    void handshakeCarriesSessionViewAndExtraFieldsBeforeContentLength() {
        PtthClientConfig config = PtthClientConfig.newBuilder(EmbeddedPeer.TV1_URI)
                .sessionId("s-42")
                .viewSpaces(List.of("main", "lab"))
                .extraHeaders(List.of(new Header("Authorization", "Bearer t")))
                .dynamicHeaders(() -> List.of(new Header("Pavel-Version", "main=7")))
                .build();
        try (EmbeddedPeer b = new EmbeddedPeer(config, STATUS)) {
            assertEquals("POST /pavel/ptth HTTP/1.1\r\nHost: pavel.example:8080\r\nUpgrade: PTTH/1.0\r\n"
                    + "Connection: Upgrade\r\nPavel-Session: s-42\r\nPavel-View: main,lab\r\nAuthorization: Bearer t\r\n"
                    + "Pavel-Version: main=7\r\nContent-Length: 0\r\n\r\n", b.handshake());
        }
    }

    @Test
    void noHandshakeResponseWithinTheTimeoutClosesAndBacksOff() {
        try (EmbeddedPeer b = peer()) {
            b.handshake();
            b.channel.advanceTimeBy(9, TimeUnit.SECONDS);
            b.channel.runScheduledPendingTasks();
            assertTrue(b.channel.isOpen());
            b.channel.advanceTimeBy(2, TimeUnit.SECONDS);
            b.channel.runScheduledPendingTasks();
            assertFalse(b.channel.isOpen());
            assertEquals(List.of(new HandshakeOutcome.BackOff("no handshake response within 10000 ms")), b.outcomes);
        }
    }

    @Test
    void connectionWithoutAnyRequestForTDeadIsClosed() {
        try (EmbeddedPeer b = peer()) {
            b.handshake();
            b.send(TV1_101);
            b.channel.advanceTimeBy(50, TimeUnit.SECONDS);
            b.channel.runScheduledPendingTasks();
            b.send(HEARTBEAT);
            assertEquals(HEARTBEAT_RESPONSE, b.receive(27));
            b.channel.advanceTimeBy(59, TimeUnit.SECONDS);
            b.channel.runScheduledPendingTasks();
            assertTrue(b.channel.isOpen(), "the heartbeat at 50 s counts as a request");
            b.channel.advanceTimeBy(2, TimeUnit.SECONDS);
            b.channel.runScheduledPendingTasks();
            assertFalse(b.channel.isOpen());
        }
    }

    @Test
    void tooLongRequestLineIs414AndCloses() {
        try (EmbeddedPeer b = peer()) {
            b.handshake();
            b.send(TV1_101 + "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: \r\n\r\n");
            String answer = "HTTP/1.1 414 Request-URI Too Long\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            assertEquals(answer, b.receive(size(answer)));
            assertTrue(b.closedByA());
        }
    }

    @Test
    void tooLargeHeadIs431AndCloses() {
        try (EmbeddedPeer b = peer()) {
            b.handshake();
            b.send(TV1_101 + "GET /status HTTP/1.1\r\nHost: \r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n");
            String answer = "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            assertEquals(answer, b.receive(size(answer)));
            assertTrue(b.closedByA());
        }
    }

    @Test
    void tooLargeBodyIs413AndCloses() {
        try (EmbeddedPeer b = new EmbeddedPeer(c -> c.maxContentLength(16), STATUS)) {
            b.handshake();
            b.send(TV1_101 + "PUT /status HTTP/1.1\r\nHost: \r\nContent-Length: 17\r\n\r\n{\"text\":\"h\u00e9llo\"}");
            String answer = "HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            assertEquals(answer, b.receive(size(answer)));
            assertTrue(b.closedByA());
        }
    }

    @Test
    void answersWaitForTheirTurnWhileAnEarlierHandlerRuns() {
        try (EmbeddedPeer b = new EmbeddedPeer(c -> c.maxConcurrentHandlers(4), STATUS)) {
            b.handshake();
            b.send(TV1_101 + TV1_GET + HEARTBEAT);
            // The GET's handler is queued, not run: the heartbeat's 204 must not overtake its answer.
            b.channel.runPendingTasks();
            assertEquals("", drainWithoutHandlers(b));
            assertEquals(TV1_RESPONSE + HEARTBEAT_RESPONSE, b.receive(68 + 27));
        }
    }

    private static String drainWithoutHandlers(EmbeddedPeer b) {
        Object msg;
        StringBuilder s = new StringBuilder();
        while ((msg = b.channel.readOutbound()) != null) {
            io.netty.buffer.ByteBuf buf = (io.netty.buffer.ByteBuf) msg;
            s.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return s.toString();
    }

    /** Feeds {@code response} after the handshake; A must report once, send nothing more, and close. */
    private static HandshakeOutcome refusalOf(String response) {
        try (EmbeddedPeer b = peer()) {
            b.handshake();
            b.send(response + TV1_GET);
            assertEquals(1, b.outcomes.size(), b.outcomes.toString());
            assertTrue(b.closedByA(), "A closes after " + response);
            assertEquals("", b.sent(), "A sends nothing after " + response);
            return b.outcomes.getFirst();
        }
    }

    private static ReconnectPolicy policy() {
        return new ReconnectPolicy(PtthClientConfig.newBuilder(EmbeddedPeer.TV1_URI).random(new java.util.Random(7)).build());
    }
}

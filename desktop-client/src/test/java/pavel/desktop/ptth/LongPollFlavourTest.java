package pavel.desktop.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pavel.desktop.ptth.Vectors.size;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import pavel.ptth.ReverseRequest;

/** The long-poll JSON flavour (PTTH.md §2.3) on the client's pipeline: TV-3, TV-6 and TV-7, byte for byte. */
final class LongPollFlavourTest {
    static final String QUEUE = "/pavel/ptth/q/7f3c9a2e";
    static final String TV3_HANDSHAKE = "POST /pavel/ptth/q/7f3c9a2e HTTP/1.1\r\nHost: pavel.example:8080\r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n";
    static final String TV3_ANSWER = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nContent-Length: 146\r\n\r\n{\"message-id\":\"m-0001\",\"method\":\"GET\",\"request-uri\":\"/status\",\"http-version\":\"PTTH/1.0\",\"headers\":[[\"Host\",\"\"],[\"Accept\",\"text/plain\"]],\"body\":\"\"}";
    static final String TV6_POLL = "POST /pavel/ptth/q/7f3c9a2e HTTP/1.1\r\nHost: pavel.example:8080\r\nAccept: application/json\r\nContent-Length: 0\r\n\r\n";
    static final String TV6_ANSWER_POST = "POST /pavel/ptth/q/7f3c9a2e HTTP/1.1\r\nHost: pavel.example:8080\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: 132\r\n\r\n{\"message-id\":\"m-0001\",\"http-version\":\"PTTH/1.0\",\"status\":200,\"reason\":\"OK\",\"headers\":[[\"Content-Type\",\"text/plain\"]],\"body\":\"Good\"}";
    static final String TV6_NOTHING = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nContent-Length: 2\r\n\r\n{}";
    static final String TV7_ANSWER = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nContent-Length: 200\r\n\r\n{\"message-id\":\"m-0002\",\"method\":\"PUT\",\"request-uri\":\"/ui/widget/42\",\"http-version\":\"PTTH/1.0\",\"headers\":[[\"Host\",\"\"],[\"Content-Type\",\"application/json; charset=utf-8\"]],\"body\":\"{\\\"text\\\":\\\"h\u00e9llo\\\"}\"}";
    static final String TV7_RESPONSE_OBJECT = "{\"message-id\":\"m-0002\",\"http-version\":\"PTTH/1.0\",\"status\":204,\"reason\":\"No Content\",\"headers\":[],\"body\":\"\"}";

    private final List<ReverseRequest> seen = new CopyOnWriteArrayList<>();
    private final ReverseRouter router = ReverseRouter.builder()
            .on("GET", "/status", req -> {
                seen.add(req);
                return ReverseReplies.ok(req, "text/plain", "Good");
            })
            .on("PUT", "/ui/widget/*", req -> {
                seen.add(req);
                return ReverseReplies.noContent(req);
            })
            .build();

    private static PtthClientConfig config(String path) {
        return PtthClientConfig.newBuilder(URI.create("http://pavel.example:8080" + path)).build();
    }

    @Test
    void vectorSizesAreThoseOfTheSpec() {
        assertEquals(243, size(TV3_ANSWER));
        assertEquals(111, size(TV6_POLL));
        assertEquals(277, size(TV6_ANSWER_POST));
        assertEquals(97, size(TV6_NOTHING));
        assertEquals(297, size(TV7_ANSWER));
        assertEquals(107, size(TV7_RESPONSE_OBJECT));
    }

    @Test
    void tv3PollAnswerToTheHandshakeSwitchesToLongPollAndIsAnsweredOnTheNextPost() {
        try (EmbeddedPeer b = new EmbeddedPeer(config(QUEUE), router)) {
            assertEquals(TV3_HANDSHAKE, b.handshake());
            b.send(TV3_ANSWER);
            assertEquals(TV6_ANSWER_POST, b.receive(277));
            assertEquals(List.of(new HandshakeOutcome.LongPoll(QUEUE)), b.outcomes);
            assertEquals("text/plain", seen.getFirst().header("Accept"));
            assertEquals("m-0001", seen.getFirst().messageId());
            assertTrue(b.channel.pipeline().get("http-server") == null, "A must not switch codecs");
            b.send(TV6_NOTHING);
            assertEquals(TV6_POLL, b.receive(111), "{} means poll again");
        }
    }

    @Test
    void tv6PollRequestAnswerAndIdle() {
        try (EmbeddedPeer b = new EmbeddedPeer(config("/pavel/ptth"), router, QUEUE)) {
            assertEquals(TV6_POLL, b.receive(111));
            b.send(TV3_ANSWER);
            assertEquals(TV6_ANSWER_POST, b.receive(277));
            b.send(TV6_NOTHING);
            assertEquals(TV6_POLL, b.receive(111));
            b.send("HTTP/1.1 204 No Content\r\n\r\n");
            assertEquals(TV6_POLL, b.receive(111), "204 means poll again too");
        }
    }

    @Test
    void tv7PutWithAUtf8BodyIsAnswered204() {
        try (EmbeddedPeer b = new EmbeddedPeer(config("/pavel/ptth"), router, QUEUE)) {
            b.receive(111);
            b.send(TV7_ANSWER);
            String head = "POST /pavel/ptth/q/7f3c9a2e HTTP/1.1\r\nHost: pavel.example:8080\r\nAccept: application/json\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 107\r\n\r\n";
            assertEquals(head + TV7_RESPONSE_OBJECT, b.receive(size(head) + 107));
            assertEquals("{\"text\":\"h\u00e9llo\"}", seen.getFirst().body());
            assertEquals("application/json; charset=utf-8", seen.getFirst().header("Content-Type"));
        }
    }

    @Test
    void createdSessionIsPolledAtItsLocation() {
        try (EmbeddedPeer b = new EmbeddedPeer(config("/pavel/ptth"), router)) {
            b.handshake();
            b.send("HTTP/1.1 201 Created\r\nLocation: /pavel/ptth/q/7f3c9a2e\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 50\r\n\r\n{\"session\":\"s-1\",\"queue\":\"/pavel/ptth/q/7f3c9a2e\"}");
            assertEquals(TV6_POLL, b.receive(111));
        }
    }

    @Test
    void resumedSessionIsPolledAtItsLocationToo() {
        try (EmbeddedPeer b = new EmbeddedPeer(config("/pavel/ptth"), router)) {
            b.handshake();
            b.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLocation: /pavel/ptth/q/7f3c9a2e\r\n"
                    + "Content-Length: 50\r\n\r\n{\"session\":\"s-1\",\"queue\":\"/pavel/ptth/q/7f3c9a2e\"}");
            assertEquals(TV6_POLL, b.receive(111));
            assertTrue(seen.isEmpty(), "the session object is not a request object");
        }
    }

    @Test
    void goneQueueEndsTheConnectionForAFreshHandshake() {
        try (EmbeddedPeer b = new EmbeddedPeer(config("/pavel/ptth"), router, QUEUE)) {
            b.receive(111);
            b.send("HTTP/1.1 410 Gone\r\nContent-Length: 0\r\n\r\n");
            assertTrue(b.closedByA());
            assertTrue(b.outcomes.getLast() instanceof HandshakeOutcome.QueueGone, b.outcomes.toString());
        }
    }

    @Test
    void malformedPollAnswerEndsTheConnection() {
        try (EmbeddedPeer b = new EmbeddedPeer(config("/pavel/ptth"), router, QUEUE)) {
            b.receive(111);
            String wiki = "{'message-id': 'xxx', 'method': 'GET'}";
            b.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + size(wiki) + "\r\n\r\n" + wiki);
            assertTrue(b.closedByA());
            assertTrue(b.outcomes.getLast() instanceof HandshakeOutcome.BackOff, b.outcomes.toString());
        }
    }
}

package pavel.desktop.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pavel.desktop.ptth.Vectors.*;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import pavel.ptth.ReverseRequest;

/**
 * What B sees of A after the handshake, byte for byte. Run once on the client's pipeline in an
 * {@code EmbeddedChannel} and once against a real {@link PtthClient} over a socket, with the same assertions.
 */
abstract class ReversedExchangeContract {

    /** B's end of one connection from A. */
    interface Peer extends AutoCloseable {
        /** The handshake A sent, through its blank line. */
        String handshake();

        /** Bytes from B to A, in one write. */
        void send(String bytes);

        /** The next {@code n} bytes from A, waiting up to a deadline. */
        String receive(int n);

        /** True once A has closed the connection (waiting up to a deadline). */
        boolean closedByA();

        /** {@code host:port} of the PTTH endpoint A was configured with. */
        String authority();

        @Override
        void close();
    }

    /** A connection from an A configured for {@code http://<authority>/pavel/ptth}, then by {@code configure}. */
    abstract Peer open(UnaryOperator<PtthClientConfig.Builder> configure, ReverseHandler handler);

    private Peer open(ReverseHandler handler) {
        return open(b -> b, handler);
    }

    private static final ReverseRouter STATUS = ReverseRouter.builder()
            .on("GET", "/status", req -> ReverseReplies.ok(req, "text/plain", "Good"))
            .build();

    @Test
    void handshakeIsExactlyTheTv1Request() {
        try (Peer b = open(STATUS)) {
            assertEquals(TV1_HANDSHAKE.replace("pavel.example:8080", b.authority()), b.handshake());
        }
    }

    @Test
    void requestInTheSameWriteAsThe101IsAnswered() {
        try (Peer b = open(STATUS)) {
            b.handshake();
            b.send(TV1_101 + TV1_GET);
            assertEquals(TV1_RESPONSE, b.receive(68));
        }
    }

    @Test
    void requestInALaterWriteThanThe101IsAnswered() {
        try (Peer b = open(STATUS)) {
            b.handshake();
            b.send(TV8C);
            b.send(TV1_GET);
            assertEquals(TV1_RESPONSE, b.receive(68));
        }
    }

    @Test
    void tomcatsEmptyReasonPhraseIsAccepted() {
        try (Peer b = open(STATUS)) {
            b.handshake();
            b.send(TV8C + TV1_GET);
            assertEquals(TV1_RESPONSE, b.receive(68));
        }
    }

    @Test
    void pipelinedAnswersKeepRequestOrderWhenTheLaterHandlerFinishesFirst() {
        CountDownLatch getAnswered = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        ReverseRouter router = ReverseRouter.builder()
                .on("PUT", "/ui/widget/42", req -> {
                    assertTrue(getAnswered.await(5, TimeUnit.SECONDS), "the GET handler ran while the PUT's was busy");
                    seen.add(req.header("Content-Type") + " " + req.body());
                    return ReverseReplies.noContent(req);
                })
                .on("GET", "/status", req -> {
                    getAnswered.countDown();
                    return ReverseReplies.ok(req, "text/plain", "Good");
                })
                .build();
        try (Peer b = open(c -> c.maxConcurrentHandlers(2), router)) {
            b.handshake();
            b.send(TV1_101 + TV5_REQUESTS);
            assertEquals(TV5_RESPONSES, b.receive(95));
            assertEquals(List.of("application/json; charset=utf-8 {\"text\":\"h\u00e9llo\"}"), seen);
        }
    }

    @Test
    void requestWithoutHostIsAccepted() {
        List<ReverseRequest> seen = new CopyOnWriteArrayList<>();
        ReverseRouter router = ReverseRouter.builder()
                .on("POST", "/event", req -> {
                    seen.add(req);
                    return ReverseReplies.noContent(req);
                })
                .build();
        try (Peer b = open(router)) {
            b.handshake();
            b.send(TV1_101 + TV8H);
            assertEquals("HTTP/1.1 204 No Content\r\n\r\n", b.receive(27));
            assertEquals("00000000-0000-0000-0000-000000000000", seen.getFirst().header("X-Apple-Session-ID"));
        }
    }

    @Test
    void twoHostFieldsAreAnswered400AndTheConnectionCloses() {
        try (Peer b = open(STATUS)) {
            b.handshake();
            b.send(TV1_101 + TV8I);
            String answer = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            assertEquals(answer, b.receive(size(answer)));
            assertTrue(b.closedByA());
        }
    }

    @Test
    void heartbeatIsAnswered204() {
        try (Peer b = open(STATUS)) {
            b.handshake();
            b.send(TV1_101 + HEARTBEAT);
            assertEquals(HEARTBEAT_RESPONSE, b.receive(27));
            b.send(HEARTBEAT);
            assertEquals(HEARTBEAT_RESPONSE, b.receive(27));
        }
    }

    @Test
    void failingHandlerIsAnswered500AndTheConnectionGoesOn() {
        ReverseRouter router = ReverseRouter.builder()
                .on("GET", "/boom", req -> {
                    throw new IllegalStateException("expected by the test");
                })
                .on("GET", "/status", req -> ReverseReplies.ok(req, "text/plain", "Good"))
                .build();
        try (Peer b = open(router)) {
            b.handshake();
            b.send(TV1_101 + "GET /boom HTTP/1.1\r\nHost: \r\n\r\n");
            String answer = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n";
            assertEquals(answer, b.receive(size(answer)));
            b.send(TV1_GET);
            assertEquals(TV1_RESPONSE, b.receive(68));
        }
    }

    @Test
    void unknownPathIs404AndKnownPathWithOtherMethodIs405() {
        try (Peer b = open(STATUS)) {
            b.handshake();
            b.send(TV1_101 + "GET /nothing HTTP/1.1\r\nHost: \r\n\r\nDELETE /status HTTP/1.1\r\nHost: \r\n\r\n");
            String answers = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                    + "HTTP/1.1 405 Method Not Allowed\r\nAllow: GET\r\nContent-Length: 0\r\n\r\n";
            assertEquals(answers, b.receive(size(answers)));
        }
    }

    @Test
    void connectionCloseOnARequestClosesAfterItsAnswer() {
        try (Peer b = open(STATUS)) {
            b.handshake();
            b.send(TV1_101 + "GET /status HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n");
            String answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nConnection: close\r\n\r\nGood";
            assertEquals(answer, b.receive(size(answer)));
            assertTrue(b.closedByA());
        }
    }
}

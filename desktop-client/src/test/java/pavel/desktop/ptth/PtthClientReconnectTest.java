package pavel.desktop.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connect loop of a real {@link PtthClient} against a hand-written B on a {@link ServerSocket}. */
final class PtthClientReconnectTest {
    private static final String UPGRADE_101 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\n";

    private ServerSocket server;
    private PtthClient client;
    private final BlockingQueue<ConnectionEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        server.setSoTimeout(5_000);
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private void start(UnaryOperator<PtthClientConfig.Builder> configure) {
        PtthClientConfig config = configure.apply(PtthClientConfig
                .newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/ptth"))
                .openSessionFirst(false) // a hand-written B that speaks only the upgrade handshake
                .backoff(Duration.ofMillis(20), 2, Duration.ofMillis(80))
                .random(new java.util.Random(5))).build();
        client = new PtthClient(config, ReverseRouter.builder().build(), events::add);
        client.connect();
    }

    private Socket accept() throws IOException {
        Socket s = server.accept();
        s.setSoTimeout(5_000);
        return s;
    }

    private static void write(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private ConnectionEvent nextEvent(ConnectionState expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            ConnectionEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.state() == expected) {
                return e;
            }
        }
        throw new AssertionError("no " + expected + " event");
    }

    @Test
    void dropIsFollowedByBackoffAndAHandshakeThatResumesTheSession() throws Exception {
        start(b -> b);
        try (Socket first = accept()) {
            String handshake = SocketReversedExchangeTest.SocketPeer.readHead(first.getInputStream());
            assertFalse(handshake.contains("Pavel-Session"), handshake);
            write(first, UPGRADE_101 + "Pavel-Session: s-7\r\n\r\n");
            assertEquals("s-7", nextEvent(ConnectionState.UPGRADED).sessionId());
        }
        ConnectionEvent backingOff = nextEvent(ConnectionState.BACKING_OFF);
        assertTrue(backingOff.delay().compareTo(Duration.ofMillis(20)) <= 0, backingOff.toString());
        try (Socket second = accept()) {
            String handshake = SocketReversedExchangeTest.SocketPeer.readHead(second.getInputStream());
            assertTrue(handshake.contains("\r\nPavel-Session: s-7\r\n"), handshake);
        }
        assertEquals("s-7", client.sessionId());
    }

    @Test
    void configuredSessionIsSentOnTheFirstHandshake() throws Exception {
        start(b -> b.sessionId("s-old").viewSpaces(List.of("main", "lab")));
        try (Socket first = accept()) {
            String handshake = SocketReversedExchangeTest.SocketPeer.readHead(first.getInputStream());
            assertTrue(handshake.contains("\r\nPavel-Session: s-old\r\nPavel-View: main,lab\r\n"), handshake);
        }
    }

    @Test
    void unauthorizedStopsTheClient() throws Exception {
        start(b -> b);
        try (Socket first = accept()) {
            SocketReversedExchangeTest.SocketPeer.readHead(first.getInputStream());
            write(first, Vectors.TV4_401);
            ConnectionEvent stopped = nextEvent(ConnectionState.STOPPED);
            assertTrue(stopped.detail().contains("401"), stopped.detail());
        }
        server.setSoTimeout(300);
        assertThrows(SocketTimeoutException.class, server::accept, "no retry after 401");
    }

    @Test
    void noContentIsFollowedByAnImmediateHandshake() throws Exception {
        start(b -> b.backoff(Duration.ofSeconds(20), 2, Duration.ofSeconds(30))); // only "at once" is fast enough
        try (Socket first = accept()) {
            SocketReversedExchangeTest.SocketPeer.readHead(first.getInputStream());
            write(first, Vectors.TV4_204);
            try (Socket second = accept()) {
                assertTrue(SocketReversedExchangeTest.SocketPeer.readHead(second.getInputStream()).startsWith("POST /ptth HTTP/1.1\r\n"));
            }
        }
    }

    @Test
    void failedAttemptsBackOffUntilTheServerAccepts() throws Exception {
        start(b -> b);
        for (int i = 0; i < 3; i++) {
            try (Socket s = accept()) {
                SocketReversedExchangeTest.SocketPeer.readHead(s.getInputStream());
                write(s, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
                ConnectionEvent e = nextEvent(ConnectionState.BACKING_OFF);
                assertTrue(e.delay().compareTo(Duration.ofMillis(80)) <= 0, e.toString());
            }
        }
        try (Socket s = accept()) {
            SocketReversedExchangeTest.SocketPeer.readHead(s.getInputStream());
            write(s, UPGRADE_101 + "\r\n");
            nextEvent(ConnectionState.UPGRADED);
        }
    }

    @Test
    void closeEndsTheLoop() throws Exception {
        start(b -> b);
        try (Socket first = accept()) {
            SocketReversedExchangeTest.SocketPeer.readHead(first.getInputStream());
            write(first, UPGRADE_101 + "\r\n");
            nextEvent(ConnectionState.UPGRADED);
            client.close();
            assertEquals(ConnectionState.CLOSED, client.state());
            assertEquals(-1, first.getInputStream().read(), "the connection is closed");
        }
        server.setSoTimeout(300);
        assertThrows(SocketTimeoutException.class, server::accept, "no reconnect after close()");
    }
}

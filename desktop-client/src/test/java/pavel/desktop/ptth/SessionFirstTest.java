package pavel.desktop.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import pavel.ptth.Header;

/**
 * The Pavel session flow of a real {@link PtthClient} ({@link PtthClientConfig#openSessionFirst()}) against a
 * hand-written B: {@code POST /ptth} without {@code Upgrade}, then the upgrade on the queue URI of the answer, on
 * the same connection; reconnects upgrade on the queue again; a gone queue opens a new session.
 */
final class SessionFirstTest {
    private static final String UPGRADE_101 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\n\r\n";

    private ServerSocket server;
    private PtthClient client;
    private final BlockingQueue<ConnectionEvent> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> started = new LinkedBlockingQueue<>();

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
                .viewSpaces(List.of("main", "lab"))
                .extraHeaders(List.of(new Header("Authorization", "Bearer t")))
                .backoff(Duration.ofMillis(10), 2, Duration.ofMillis(40))
                .random(new java.util.Random(3))).build();
        client = new PtthClient(config, ReverseRouter.builder().build(), new ConnectionListener() {
            @Override
            public void stateChanged(ConnectionEvent event) {
                events.add(event);
            }

            @Override
            public void sessionStarted(String sessionId) {
                started.add(sessionId);
            }
        });
        client.connect();
    }

    private Socket accept() throws IOException {
        Socket s = server.accept();
        s.setSoTimeout(5_000);
        return s;
    }

    private static String head(Socket s) {
        try {
            return SocketReversedExchangeTest.SocketPeer.readHead(s.getInputStream());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void write(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private static String opened(int status, String id, String queue) {
        String body = "{\"session\":\"" + id + "\",\"queue\":\"" + queue + "\"}";
        return "HTTP/1.1 " + status + (status == 201 ? " Created" : " OK") + "\r\nContent-Type: application/json\r\n"
                + "Location: " + queue + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private ConnectionEvent nextEvent(ConnectionState expected) throws InterruptedException {
        return nextEvent(expected, "");
    }

    private ConnectionEvent nextEvent(ConnectionState expected, String detail) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            ConnectionEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.state() == expected && e.detail().contains(detail)) {
                return e;
            }
        }
        throw new AssertionError("no " + expected + " event with '" + detail + "'");
    }

    @Test
    void opensTheSessionThenUpgradesOnItsQueueOnTheSameConnection() throws Exception {
        start(b -> b);
        try (Socket s = accept()) {
            assertEquals("POST /ptth HTTP/1.1\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\nAccept: application/json\r\n"
                    + "Pavel-View: main,lab\r\nAuthorization: Bearer t\r\nContent-Length: 0\r\n\r\n", head(s));
            write(s, opened(201, "s-1", "/ptth/q/k1"));
            assertEquals("POST /ptth/q/k1 HTTP/1.1\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\nUpgrade: PTTH/1.0\r\n"
                    + "Connection: Upgrade\r\nPavel-Session: s-1\r\nPavel-View: main,lab\r\nAuthorization: Bearer t\r\n"
                    + "Content-Length: 0\r\n\r\n", head(s));
            assertEquals("s-1", started.poll(5, TimeUnit.SECONDS));
            write(s, UPGRADE_101 + "GET /x HTTP/1.1\r\nHost: \r\n\r\n");
            assertEquals("s-1", nextEvent(ConnectionState.UPGRADED).sessionId());
            InputStream in = s.getInputStream();
            assertTrue(SocketReversedExchangeTest.SocketPeer.readHead(in).startsWith("HTTP/1.1 404 "), "the router answers");
        }
        try (Socket again = accept()) {
            String handshake = head(again);
            assertTrue(handshake.startsWith("POST /ptth/q/k1 HTTP/1.1\r\n"), "a reconnect upgrades on the queue: " + handshake);
            assertTrue(handshake.contains("\r\nPavel-Session: s-1\r\n"), handshake);
            write(again, UPGRADE_101);
            nextEvent(ConnectionState.UPGRADED);
        }
        assertNull(started.poll(), "a resumed session is not a new one");
        assertEquals("/ptth/q/k1", client.sessionQueue());
    }

    @Test
    void aGoneQueueIsForgottenAndANewSessionOpened() throws Exception {
        start(b -> b.sessionId("s-old"));
        try (Socket s = accept()) {
            assertTrue(head(s).contains("\r\nPavel-Session: s-old\r\n"), "the configured session is asked for");
            write(s, opened(200, "s-old", "/ptth/q/old"));
            head(s);
            write(s, UPGRADE_101);
            nextEvent(ConnectionState.UPGRADED);
        }
        assertNull(started.poll(), "resumed: not new");
        try (Socket s = accept()) {
            assertTrue(head(s).startsWith("POST /ptth/q/old HTTP/1.1\r\n"));
            write(s, "HTTP/1.1 410 Gone\r\nContent-Length: 0\r\n\r\n");
            assertEquals("handshake answered 410: endpoint or session gone",
                    nextEvent(ConnectionState.BACKING_OFF, "410").detail());
        }
        try (Socket s = accept()) {
            String open = head(s);
            assertTrue(open.startsWith("POST /ptth HTTP/1.1\r\n"), open);
            assertFalse(open.contains("Pavel-Session"), "the lost session is forgotten: " + open);
            assertFalse(open.contains("Upgrade"), open);
            write(s, opened(201, "s-new", "/ptth/q/new"));
            assertTrue(head(s).startsWith("POST /ptth/q/new HTTP/1.1\r\n"));
            assertEquals("s-new", started.poll(5, TimeUnit.SECONDS));
            write(s, UPGRADE_101);
            assertEquals("s-new", nextEvent(ConnectionState.UPGRADED).sessionId());
        }
    }

    @Test
    void anEndpointWithoutSessionsStopsTheClient() throws Exception {
        start(b -> b);
        try (Socket s = accept()) {
            head(s);
            write(s, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
            ConnectionEvent e = nextEvent(ConnectionState.STOPPED);
            assertEquals("session request answered 404: endpoint or session gone", e.detail());
        }
    }
}

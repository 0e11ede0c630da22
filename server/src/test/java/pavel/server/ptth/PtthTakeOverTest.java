package pavel.server.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.session.Session;
import pavel.server.testing.TestServer;

/**
 * A client that reconnects before the server noticed that its old socket died: a handshake on the session's queue
 * URI that names the session replaces the old connection, and what the old one had unanswered arrives first, in
 * order, on the new one.
 */
class PtthTakeOverTest {
    private static final String SWITCH = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\n\r\n";

    @Test
    void aNewConnectionThatNamesItsSessionReplacesTheOldOneInOrder() throws Exception {
        try (TestServer server = TestServer.startWithPtth(ptth -> ptth)) {
            JsonNode created = new ObjectMapper().readTree(server.send("POST", "/ptth", "").body());
            String id = created.get("session").asText();
            String queue = created.get("queue").asText();
            Session session = server.sessions().find(id);

            try (Socket old = upgrade(server.port(), queue, id); Socket fresh = new Socket("127.0.0.1", server.port())) {
                List<CompletableFuture<ReverseResponse>> answers = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    answers.add(session.send(ReverseRequest.of("GET", "/r/" + i, List.of(), "")));
                }
                for (int i = 0; i < 3; i++) {
                    assertEquals("GET /r/" + i + " HTTP/1.1", requestLine(old.getInputStream()));
                }
                // The old socket never answers; the same client comes back on a new one.
                fresh.setSoTimeout(5000);
                fresh.getOutputStream().write(handshake(queue, id).getBytes(StandardCharsets.US_ASCII));
                assertEquals(SWITCH, new String(fresh.getInputStream().readNBytes(SWITCH.length()), StandardCharsets.US_ASCII));
                answers.add(session.send(ReverseRequest.of("GET", "/r/3", List.of(), "")));

                for (int i = 0; i < 4; i++) {
                    assertEquals("GET /r/" + i + " HTTP/1.1", requestLine(fresh.getInputStream()), "request " + i);
                    fresh.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + i)
                            .getBytes(StandardCharsets.US_ASCII));
                }
                for (int i = 0; i < 4; i++) {
                    assertEquals(String.valueOf(i), answers.get(i).get(5, TimeUnit.SECONDS).body());
                }
                old.setSoTimeout(5000);
                assertEquals(-1, old.getInputStream().read(), "the replaced socket is closed");
            }
        }
    }

    @Test
    void aHandshakeThatDoesNotNameTheSessionIsAnsweredAsAPoll() throws Exception {
        try (TestServer server = TestServer.startWithPtth(ptth -> ptth.hold(Duration.ofMillis(200)))) {
            JsonNode created = new ObjectMapper().readTree(server.send("POST", "/ptth", "").body());
            String queue = created.get("queue").asText();
            try (Socket old = upgrade(server.port(), queue, created.get("session").asText());
                    Socket other = new Socket("127.0.0.1", server.port())) {
                other.setSoTimeout(5000);
                other.getOutputStream().write(handshake(queue, null).getBytes(StandardCharsets.US_ASCII));
                String head = new String(other.getInputStream().readNBytes(15), StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 200 OK", head, "TV-3: the long-poll answer, no second upgrade");
                assertTrue(server.sessions().find(created.get("session").asText()).hasConnection());
            }
        }
    }

    private static Socket upgrade(int port, String queue, String id) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(handshake(queue, id).getBytes(StandardCharsets.US_ASCII));
        assertEquals(SWITCH, new String(socket.getInputStream().readNBytes(SWITCH.length()), StandardCharsets.US_ASCII));
        return socket;
    }

    private static String handshake(String queue, String id) {
        return "POST " + queue + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\n"
                + (id == null ? "" : "Pavel-Session: " + id + "\r\n") + "Content-Length: 0\r\n\r\n";
    }

    /** Reads one reversed request without a body and returns its request line. */
    private static String requestLine(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.write(b);
            String text = head.toString(StandardCharsets.US_ASCII);
            if (text.endsWith("\r\n\r\n")) {
                return text.substring(0, text.indexOf("\r\n"));
            }
        }
    }
}

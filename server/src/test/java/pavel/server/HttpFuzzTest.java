package pavel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import pavel.server.testing.LogCapture;
import pavel.server.testing.RawConnection;
import pavel.server.testing.RawResponse;
import pavel.server.testing.TestServer;

/**
 * Throws seeded random garbage at a real socket: random bytes, random request lines and headers, and
 * mutated valid requests. Every answer must be a success or a 4xx problem (or 505 for another HTTP
 * version), never a 500, and the server must answer or close within the read timeout: no hangs. The client
 * half-closes after sending, so a server waiting for more input shows up as a timeout. Reproduce a failure
 * with {@code -Dpavel.fuzz.seed=…}; {@code -Dpavel.test.scale=N} runs N times as many cases.
 */
class HttpFuzzTest {

    private static final long SEED = Long.getLong("pavel.fuzz.seed", 0x9A7E1L);
    private static final int CASES = 150 * Integer.getInteger("pavel.test.scale", 1);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> METHODS = List.of(
            "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE", "get", "G ET", "", "\u00ff",
            "GET\u0000", "X".repeat(40));
    private static final List<String> TARGETS = List.of(
            "/", "/health", "/index.html", "/status.js", "/nope", "/doc/main/body/div[2]", "*", "", "health",
            "http://localhost/health", "/%", "/%zz", "/%2e%2e/%2e%2e/etc/passwd", "/..\\..\\x", "/a b", "/\u00e9",
            "/?q=%", "//", "/%00", "/" + "a".repeat(9000), "/health?" + "x=1&".repeat(50));
    private static final List<String> VERSIONS = List.of(
            "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/0.9", "HTTP/1.1x", "http/1.1", "HTTP/11", "FOO/1.1", "", "HTTP/");
    private static final List<String> HEADER_NAMES = List.of(
            "Host", "Content-Length", "Transfer-Encoding", "Connection", "Expect", "Accept", "X", "", " Host",
            "Bad Name", "Na\u0000me", "Content-Type");
    private static final List<String> HEADER_VALUES = List.of(
            "localhost", "0", "5", "-1", "99999999999999999999", "chunked", "gzip, chunked", "close", "keep-alive",
            "100-continue", "teapot", "", "a\u0000b", "x".repeat(9000), "1, 2", "\u00ff\u00fe");

    @Test
    void garbageNeverCausesA500OrAHang() throws IOException {
        Random random = new Random(SEED);
        try (TestServer server = TestServer.start(
                        PavelRoutes.create(Version.current(), JSON), config -> config.idleTimeout(Duration.ofSeconds(2)));
                LogCapture log = LogCapture.of("pavel")) {
            for (int i = 0; i < CASES; i++) {
                byte[] input = switch (random.nextInt(3)) {
                    case 0 -> randomBytes(random);
                    case 1 -> randomRequest(random);
                    default -> mutatedRequest(random);
                };
                check(server, "case " + i + " (seed " + SEED + ")", input);
            }
            assertEquals(List.of(), log.errors(), "nothing logged at ERROR");
            assertEquals(200, server.get("/health").statusCode(), "still serving");
        }
    }

    /**
     * Sends {@code input}, half-closes and checks the answer: a success or a problem, or a close; never a
     * 500 and never silence until the read timeout.
     */
    static void check(TestServer server, String name, byte[] input) throws IOException {
        String shown = name + ": " + HexFormat.of().formatHex(input, 0, Math.min(input.length, 200));
        try (RawConnection connection = RawConnection.open(server.port(), READ_TIMEOUT)) {
            try {
                connection.send(input).finishSending();
            } catch (IOException e) {
                return; // The server closed while we were still sending: a refusal, not a hang.
            }
            boolean head = new String(input, StandardCharsets.ISO_8859_1).startsWith("HEAD ");
            RawResponse response;
            try {
                response = head ? connection.readHead() : connection.read();
                while (response.status() / 100 == 1) {
                    response = head ? connection.readHead() : connection.read();
                }
            } catch (SocketTimeoutException e) {
                fail("no answer and no close within " + READ_TIMEOUT + ": " + shown);
                return;
            } catch (EOFException e) {
                return; // Closed without an answer: allowed.
            } catch (IOException e) {
                return; // Reset: closed.
            }
            int status = response.status();
            assertTrue(status < 500 || status == 505, () -> "status " + status + " for " + shown);
            if (status >= 400) {
                assertEquals("application/problem+json", response.header("content-type"), shown);
                if (head) {
                    return;
                }
                JsonNode problem = JSON.readTree(response.body());
                assertEquals(status, problem.path("status").asInt(), shown);
            }
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(400)];
        random.nextBytes(bytes);
        return concat(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] randomRequest(Random random) {
        StringBuilder request = new StringBuilder()
                .append(pick(random, METHODS)).append(' ')
                .append(pick(random, TARGETS)).append(' ')
                .append(pick(random, VERSIONS)).append(random.nextInt(8) == 0 ? "\n" : "\r\n");
        int headers = random.nextInt(6);
        for (int i = 0; i < headers; i++) {
            request.append(pick(random, HEADER_NAMES)).append(random.nextInt(10) == 0 ? " " : ": ")
                    .append(pick(random, HEADER_VALUES)).append("\r\n");
        }
        request.append("\r\n");
        if (random.nextBoolean()) {
            request.append(random.nextBoolean() ? "hello" : "5\r\nhello\r\n0\r\n\r\n");
        }
        return request.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] mutatedRequest(Random random) {
        byte[] valid = ("POST /health HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : valid) {
            int roll = random.nextInt(40);
            if (roll == 0) {
                continue; // drop
            }
            out.write(roll == 1 ? random.nextInt(256) : b);
            if (roll == 2) {
                out.write(random.nextInt(256)); // insert
            }
        }
        return out.toByteArray();
    }

    private static String pick(Random random, List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}

package pavel.server;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pavel.server.testing.RawResponse;

/**
 * What the HTTP layer promises, stated once and checked twice: in memory on an {@code EmbeddedChannel}
 * and over a real socket. Every request here is sent as raw bytes, so both transports see exactly the same
 * input. Uses the production routes and the default limits.
 */
abstract class HttpConformanceContract {

    static final String VERSION = System.getProperty("pavel.expected.version", "0.1.0-SNAPSHOT");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sends one raw request on a new connection and reads the response. */
    abstract RawResponse exchange(String rawRequest) throws IOException;

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    static JsonNode assertProblem(RawResponse response, int status) throws IOException {
        assertEquals(status, response.status(), () -> "status of " + response);
        assertEquals("application/problem+json", response.header("content-type"));
        JsonNode problem = JSON.readTree(response.body());
        assertAll(
                () -> assertEquals("about:blank", problem.path("type").asText()),
                () -> assertEquals(status, problem.path("status").asInt()),
                () -> assertFalse(problem.path("title").asText().isBlank(), "title"),
                () -> assertFalse(problem.path("detail").asText().isBlank(), "detail"));
        return problem;
    }

    @Test
    void healthAnswersOkWithTheBuildVersion() throws IOException {
        RawResponse response = exchange(get("/health"));

        assertEquals(200, response.status());
        assertEquals("application/json", response.header("content-type"));
        assertEquals("{\"status\":\"ok\",\"version\":\"" + VERSION + "\"}", response.body());
        assertEquals(String.valueOf(response.body().length()), response.header("content-length"));
        assertEquals("nosniff", response.header("x-content-type-options"));
    }

    @Test
    void unknownPathIsA404ProblemNamingThePath() throws IOException {
        JsonNode problem = assertProblem(exchange(get("/no/such/thing?x=1")), 404);

        assertEquals("Not Found", problem.path("title").asText());
        assertEquals("Nothing is served at /no/such/thing.", problem.path("detail").asText());
        assertEquals("/no/such/thing", problem.path("instance").asText());
    }

    @Test
    void wrongMethodIsA405ProblemWithAllow() throws IOException {
        RawResponse response = exchange(
                "POST /health HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}");

        JsonNode problem = assertProblem(response, 405);
        assertEquals("GET, HEAD, OPTIONS", response.header("allow"));
        assertEquals("/health does not support POST; it supports GET, HEAD, OPTIONS.", problem.path("detail").asText());
        assertEquals("GET", problem.path("allowed").get(0).asText());
    }

    @Test
    void headAnswersLikeGetWithoutTheBody() throws IOException {
        RawResponse get = exchange(get("/health"));
        RawResponse head = exchange("HEAD /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertEquals(200, head.status());
        assertEquals(get.header("content-type"), head.header("content-type"));
        assertEquals(get.header("content-length"), head.header("content-length"));
        assertEquals("", head.body(), "HEAD must not carry a body");
    }

    @Test
    void optionsListsTheAllowedMethods() throws IOException {
        RawResponse response = exchange("OPTIONS /health HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertEquals(200, response.status());
        assertEquals("GET, HEAD, OPTIONS", response.header("allow"));
        assertEquals("0", response.header("content-length"));
    }

    @Test
    void rootServesTheWebClientPage() throws IOException {
        RawResponse response = exchange(get("/"));

        assertEquals(200, response.status());
        assertEquals("text/html; charset=utf-8", response.header("content-type"));
        assertTrue(response.body().contains("<title>Pavel</title>"), response.body());
    }

    @Test
    void webClientFilesHaveTheirMediaTypes() throws IOException {
        assertEquals("text/css; charset=utf-8", exchange(get("/app.css")).header("content-type"));
        assertEquals("text/javascript; charset=utf-8", exchange(get("/status.js")).header("content-type"));
        assertEquals("text/html; charset=utf-8", exchange(get("/index.html")).header("content-type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/../pom.xml", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2Fpom.xml",
        "/..%2f..%2fetc%2fpasswd", "/..\\..\\etc\\passwd", "/%5c..%5c..%5cetc%5cpasswd", "/./index.html",
        "//etc/passwd", "/pavel/web/index.html", "/index.html/", "/index.html%00.css", "/app.css/..",
        "/%c0%ae%c0%ae/etc/passwd", "/.%2e/pom.xml"})
    void pathTraversalIsRefused(String target) throws IOException {
        RawResponse response = exchange(get(target));

        assertTrue(response.status() == 404 || response.status() == 400, () -> target + " gave " + response);
        assertProblem(response, response.status());
    }

    @Test
    void malformedRequestLineIsA400Problem() throws IOException {
        RawResponse response = exchange("THIS IS NOT HTTP\r\n\r\n");

        assertProblem(response, 400);
        assertEquals("close", response.header("connection"));
    }

    @Test
    void requestWithoutHostIsA400Problem() throws IOException {
        JsonNode problem = assertProblem(exchange("GET /health HTTP/1.1\r\n\r\n"), 400);

        assertEquals("An HTTP/1.1 request needs exactly one Host header.", problem.path("detail").asText());
    }

    @Test
    void otherMajorVersionIsA505Problem() throws IOException {
        assertProblem(exchange("GET /health HTTP/2.0\r\nHost: localhost\r\n\r\n"), 505);
    }

    @Test
    void headerSectionOver8KiBIsA431Problem() throws IOException {
        String big = "x".repeat(9 * 1024);

        JsonNode problem = assertProblem(
                exchange("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + big + "\r\n\r\n"), 431);
        assertEquals("The request's header section is larger than 8192 bytes.", problem.path("detail").asText());
    }

    @Test
    void requestLineOver8KiBIsA414Problem() throws IOException {
        assertProblem(exchange(get("/" + "a".repeat(9 * 1024))), 414);
    }

    @Test
    void declaredBodyOver1MiBIsA413Problem() throws IOException {
        RawResponse response = exchange(
                "POST /health HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1048577\r\n\r\n");

        JsonNode problem = assertProblem(response, 413);
        assertEquals(1048576, problem.path("limit").asInt());
        assertEquals("close", response.header("connection"));
    }

    @Test
    void chunkedBodyOver1MiBIsA413Problem() throws IOException {
        StringBuilder request = new StringBuilder(
                "POST /health HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = "y".repeat(64 * 1024);
        for (int i = 0; i < 17; i++) {
            request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        // No final chunk: the server must refuse as soon as the limit is passed.
        assertProblem(exchange(request.toString()), 413);
    }

    @Test
    void unsupportedExpectationIsA417Problem() throws IOException {
        assertProblem(exchange(
                "POST /health HTTP/1.1\r\nHost: localhost\r\nExpect: teapot\r\nContent-Length: 2\r\n\r\n"), 417);
    }

    @Test
    void malformedPercentEncodingIsA400Problem() throws IOException {
        assertProblem(exchange(get("/doc/%zz")), 400);
        assertProblem(exchange(get("/%ff%fe")), 400);
        assertProblem(exchange(get("/health?x=%")), 400);
    }

    @Test
    void targetThatIsNotAPathIsA400Problem() throws IOException {
        assertProblem(exchange(get("health")), 400);
        assertProblem(exchange(get("*")), 400);
    }

    @Test
    void absoluteFormTargetIsRouted() throws IOException {
        assertEquals(200, exchange(get("http://localhost/health")).status());
    }

    @Test
    void unknownMethodOnAKnownPathIsA405() throws IOException {
        assertProblem(exchange("BREW /health HTTP/1.1\r\nHost: localhost\r\n\r\n"), 405);
    }

    @Test
    void http10RequestIsAnsweredInKindAndClosed() throws IOException {
        RawResponse response = exchange("GET /health HTTP/1.0\r\n\r\n");

        assertEquals(200, response.status());
        assertEquals("HTTP/1.0", response.version());
    }
}

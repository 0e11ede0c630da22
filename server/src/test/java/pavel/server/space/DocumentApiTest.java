package pavel.server.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pavel.server.testing.RawResponse;
import pavel.server.testing.TestServer;

/**
 * The document API of DESIGN.md over real HTTP: every success with its status, {@code Pavel-Version}, {@code ETag}
 * and {@code Location}; every error with its problem, and the document unchanged after it.
 */
class DocumentApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String START = "<div id=\"a\" class=\"x\">hi</div><ul><li>one</li><li>two</li></ul><p>p</p>";

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startWorld(ptth -> ptth, SpaceConfig.DEFAULTS.withMaxNodes(2_000));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        assertEquals(200, server.send("PUT", "/doc/main/", START).statusCode());
    }

    @Test
    void getReturnsNodesAndValues() {
        HttpResponse<String> div = server.get("/doc/main/body/div%5B1%5D");
        assertEquals(200, div.statusCode());
        assertEquals("<div id=\"a\" class=\"x\">hi</div>", div.body());
        assertTrue(div.headers().firstValue("content-type").orElseThrow().startsWith("text/html"));
        String version = div.headers().firstValue("pavel-version").orElseThrow();
        assertEquals("\"" + version + "\"", div.headers().firstValue("etag").orElseThrow());

        assertEquals("x", server.get("/doc/main/body/div/@class").body());
        assertEquals("two", server.get("/doc/main//li%5Blast()%5D/text()").body());
        assertEquals("<li>one</li><li>two</li>", server.get("/doc/main//li").body(), "all matches in document order");
        assertEquals("<body>" + START + "</body>", server.get("/doc/main/").body());
        assertEquals("<body>" + START + "</body>", server.get("/doc/main").body());
        assertEquals(200, server.head("/doc/main/body/p").statusCode());
    }

    @Test
    void bracketsAndQuotesAreAcceptedRawOrEncoded() throws IOException {
        RawResponse raw = server.exchange("GET /doc/main//*[@id='a'] HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(200, raw.status(), raw.toString());
        assertEquals("<div id=\"a\" class=\"x\">hi</div>", raw.body());
        assertEquals(200, server.get("/doc/main//*%5B@id=%27a%27%5D").statusCode());
        assertEquals(200, server.get("/doc/main//*%5B@id=%22a%22%5D").statusCode());
    }

    @Test
    void putReplacesPostInsertsDeleteRemoves() {
        long v0 = version();
        HttpResponse<String> put = server.send("PUT", "/doc/main//*%5B@id='a'%5D", "<div id=\"a\">bye</div>");
        assertEquals(200, put.statusCode());
        assertEquals("<div id=\"a\">bye</div>", put.body());
        assertEquals(String.valueOf(v0 + 1), put.headers().firstValue("pavel-version").orElseThrow());
        assertEquals("\"" + (v0 + 1) + "\"", put.headers().firstValue("etag").orElseThrow());

        HttpResponse<String> post = server.send("POST", "/doc/main/body/ul?at=first", "<li>zero</li>");
        assertEquals(201, post.statusCode());
        assertEquals("/doc/main/body/ul%5B1%5D/li%5B1%5D", post.headers().firstValue("location").orElseThrow());
        assertEquals("<li>zero</li>", server.get(post.headers().firstValue("location").orElseThrow()).body());

        HttpResponse<String> after = server.send("POST", "/doc/main/body/p?at=after", "text <b>bold</b>");
        assertEquals(201, after.statusCode());
        assertEquals("/doc/main/body/b%5B1%5D", after.headers().firstValue("location").orElseThrow());
        HttpResponse<String> before = server.send("POST", "/doc/main/body/p?at=before", "<p>first</p>");
        assertEquals("/doc/main/body/p%5B1%5D", before.headers().firstValue("location").orElseThrow());
        HttpResponse<String> appended = server.send("POST", "/doc/main/body", "<p>last</p>");
        assertEquals("/doc/main/body/p%5B3%5D", appended.headers().firstValue("location").orElseThrow());
        HttpResponse<String> text = server.send("POST", "/doc/main/body/div", " only text");
        assertEquals("/doc/main/body/div%5B1%5D", text.headers().firstValue("location").orElseThrow(),
                "text alone: the parent");

        assertEquals(200, server.send("PUT", "/doc/main/body/div/@title", "t").statusCode());
        assertEquals("t", server.get("/doc/main/body/div/@title").body());
        assertEquals(200, server.send("PUT", "/doc/main/body/div/text()", "<plain>").statusCode());
        assertEquals("<div id=\"a\" title=\"t\">&lt;plain&gt;</div>", server.get("/doc/main/body/div").body());
        assertEquals(204, server.send("DELETE", "/doc/main/body/div/@title", "").statusCode());
        assertEquals(204, server.send("DELETE", "/doc/main/body/ul", "").statusCode());
        assertEquals(404, server.get("/doc/main/body/ul").statusCode());
        assertEquals(v0 + 10, version());
    }

    @Test
    void ifMatchMakesAChangeConditional() {
        long v = version();
        HttpResponse<String> stale = send("PUT", "/doc/main/body/p", "<p>q</p>", Map.of("If-Match", "\"" + (v - 1) + "\""));
        assertProblem(stale, 412, "version " + v);
        assertEquals(String.valueOf(v), stale.headers().firstValue("pavel-version").orElseThrow());
        assertProblem(send("PUT", "/doc/main/body/p", "<p>q</p>", Map.of("If-Match", "W/\"" + v + "\"")), 412, "If-Match");
        assertEquals(200, send("PUT", "/doc/main/body/p", "<p>q</p>", Map.of("If-Match", "\"" + v + "\"")).statusCode());
        assertEquals(200, send("PUT", "/doc/main/body/p", "<p>r</p>", Map.of("If-Match", "\"1\", \"" + (v + 1) + "\""))
                .statusCode());
        assertEquals(200, send("PUT", "/doc/main/body/p", "<p>s</p>", Map.of("If-Match", "*")).statusCode());
    }

    static Stream<Arguments> refusals() {
        String huge = "<p>x</p>".repeat(600);
        return Stream.of(
                Arguments.of("GET", "/doc/main/body/div%5B", "", 400, "expected"),
                Arguments.of("PUT", "/doc/main/body/div%5B0%5D", "<div></div>", 400, "character"),
                Arguments.of("PUT", "/doc/main/body/", "<div></div>", 400, "expected"),
                Arguments.of("PUT", "/doc/main/bodyx", "<div></div>", 404, "No node"),
                Arguments.of("GET", "/doc/main/body/table", "", 404, "No node"),
                Arguments.of("PUT", "/doc/main/body/table", "<p></p>", 404, "No node"),
                Arguments.of("DELETE", "/doc/main/body/div/@nope", "", 404, "nope"),
                Arguments.of("GET", "/doc/nowhere/", "", 404, "no space nowhere"),
                Arguments.of("POST", "/doc/nowhere/body", "<p></p>", 404, "no space nowhere"),
                Arguments.of("PUT", "/doc/main//li", "<li>x</li>", 409, "2 nodes"),
                Arguments.of("DELETE", "/doc/main/body/*", "", 409, "3 nodes"),
                Arguments.of("PUT", "/doc/main/body/p", "<script>alert(1)</script>", 422, "<script>"),
                Arguments.of("POST", "/doc/main/body", "<a href=\"javascript:alert(1)\" onclick=\"x()\">x</a>", 422,
                        "onclick"),
                Arguments.of("PUT", "/doc/main/body/p/@onmouseover", "x()", 422, "onmouseover"),
                Arguments.of("PUT", "/doc/main/body/p/@style", "color:red", 422, "style"),
                Arguments.of("POST", "/doc/main/body/p/@class", "c", 400, "inserted"),
                Arguments.of("DELETE", "/doc/main/body/p/text()", "", 400, "Text"),
                Arguments.of("POST", "/doc/main/body?at=sideways", "<p></p>", 400, "sideways"),
                Arguments.of("PUT", "/doc/main/body/p?at=first", "<p></p>", 400, "at="),
                Arguments.of("POST", "/doc/main/body?at=before", "<p></p>", 400, "before"),
                Arguments.of("POST", "/doc/main/body/p", "<p>inner</p>", 422, "p"),
                Arguments.of("POST", "/doc/main/body", huge, 413, "limit of 2000"),
                Arguments.of("POST", "/doc/main/body", "x".repeat(1_100_000), 413, "bytes"),
                Arguments.of("PUT", "/doc/b%20d/", "<p></p>", 400, "space name"));
    }

    @ParameterizedTest(name = "{0} {1} → {3}")
    @MethodSource("refusals")
    void errorsAreProblemsAndChangeNothing(String method, String path, String body, int status, String says) {
        String before = server.get("/doc/main/").body();
        long version = version();
        assertProblem(server.send(method, path, body), status, says);
        assertEquals(before, server.get("/doc/main/").body(), "the document is unchanged");
        assertEquals(version, version(), "the version is unchanged");
    }

    @Test
    void invalidUtf8IsABadRequest() {
        HttpResponse<String> response = sendBytes("PUT", "/doc/main/body/p", new byte[] {'<', 'p', '>', (byte) 0xC3, '<'});
        assertProblem(response, 400, "UTF-8");
    }

    @Test
    void spacesAreCreatedListedAndDeleted() throws IOException {
        HttpResponse<String> created = server.send("PUT", "/spaces/lab", "<p>lab</p>");
        assertEquals(201, created.statusCode());
        assertEquals("/doc/lab/", created.headers().firstValue("location").orElseThrow());
        assertEquals("<p>lab</p>", server.get("/doc/lab/body/p").body());
        assertEquals(200, server.send("PUT", "/spaces/lab", "").statusCode(), "already there: unchanged");
        assertEquals("<p>lab</p>", server.get("/doc/lab/body/p").body());

        JsonNode list = JSON.readTree(server.get("/spaces").body());
        assertEquals(List.of("lab", "main"), list.findValuesAsText("name"));
        assertTrue(list.get(0).get("version").isNumber());

        assertProblem(server.send("DELETE", "/spaces/main", ""), 409, "main");
        assertProblem(server.send("PUT", "/spaces/lab", "<script></script>"), 422, "script");
        assertEquals(204, server.send("DELETE", "/spaces/lab", "").statusCode());
        assertProblem(server.get("/doc/lab/"), 404, "lab");
        assertProblem(server.send("DELETE", "/spaces/lab", ""), 404, "lab");
        assertProblem(server.send("PUT", "/spaces/.hidden", ""), 400, "space name");

        assertEquals(201, server.send("PUT", "/spaces/empty", "").statusCode());
        assertProblem(server.send("POST", "/doc/empty/body?at=after", "<p>x</p>"), 400, "after the <body>");
        assertProblem(server.send("POST", "/doc/empty/?at=before", "<p>x</p>"), 400, "before the <body>");
        assertEquals(201, server.send("POST", "/doc/empty/?at=first", "<p>x</p>").statusCode());
        assertEquals(204, server.send("DELETE", "/spaces/empty", "").statusCode());
    }

    private static long version() {
        return Long.parseLong(server.get("/doc/main/").headers().firstValue("pavel-version").orElseThrow());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String says) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElseThrow());
        try {
            JsonNode problem = JSON.readTree(response.body());
            assertEquals(status, problem.get("status").asInt());
            assertTrue(problem.get("detail").asText().contains(says),
                    () -> "'" + problem.get("detail").asText() + "' should mention '" + says + "'");
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + response.body(), e);
        }
    }

    private static HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return call(request.build());
    }

    private static HttpResponse<String> sendBytes(String method, String path, byte[] body) {
        return call(HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static HttpResponse<String> call(HttpRequest request) {
        try {
            return server.client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

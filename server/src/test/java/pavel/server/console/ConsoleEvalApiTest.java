package pavel.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pavel.server.space.SpaceConfig;
import pavel.server.testing.RawResponse;
import pavel.server.testing.TestServer;

/** {@code POST /console/eval} on a real server. */
class ConsoleEvalApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/console/eval";

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startWorld();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> eval(String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(PATH)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return server.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> eval(String source) {
        return eval("text/plain; charset=utf-8", source.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void theResultAndTheLogLinesComeBack() throws IOException {
        HttpResponse<String> response = eval("log('hi', {a: 1}); 6 * 7");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"result\":\"42\",\"logs\":[\"hi {\\\"a\\\":1}\"]}", response.body());
        assertEquals("'text'", json(eval("'te' + 'xt'")).get("result").asText());
    }

    @Test
    void eachRequestRunsInAFreshRepl() throws IOException {
        assertEquals("1", json(eval("var once = 1; once")).get("result").asText());
        assertEquals("'undefined'", json(eval("typeof once")).get("result").asText());
    }

    @Test
    void theWorldChangesAsInTheTcpConsole() throws IOException {
        assertEquals("true", json(eval("world.put('viaHttp', {a: 1})")).get("result").asText());
        HttpResponse<String> object = server.get("/objects/viaHttp");
        assertEquals(200, object.statusCode());
        assertEquals(1, json(object).get("state").get("a").asInt());
        JsonNode shown = JSON.readTree(json(eval("world.object('viaHttp')")).get("result").asText());
        assertEquals(json(object), shown, "world.object(name) is GET /objects/{name}");
    }

    @Test
    void aSyntaxErrorIs422WithItsLineAndColumn() throws IOException {
        HttpResponse<String> response = eval("1;\nx = = 2");

        assertEquals(422, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode problem = json(response);
        assertEquals("SyntaxError: Expected an operand but found =", problem.get("detail").asText());
        assertEquals(2, problem.get("line").asInt());
        assertEquals(5, problem.get("column").asInt());
        assertEquals(422, json(eval("function unfinished() {")).get("status").asInt(), "an unfinished input too");
    }

    @Test
    void aThrownErrorIs422WithItsStackAndLogs() throws IOException {
        HttpResponse<String> response = eval("log('first');\nfunction f() { throw new RangeError('too far'); }\nf()");

        assertEquals(422, response.statusCode(), response.body());
        JsonNode problem = json(response);
        assertEquals("RangeError: too far", problem.get("detail").asText());
        assertEquals(2, problem.get("line").asInt(), "where it was thrown");
        assertTrue(problem.get("stack").asText().contains("at f ("), problem.toString());
        assertEquals("first", problem.get("logs").get(0).asText());
    }

    @Test
    void badBodiesAreClientErrors() throws IOException {
        assertProblem(400, "The body is empty", eval("text/plain", new byte[0]));
        assertProblem(400, "The body is empty", eval("text/plain", "  \n".getBytes(StandardCharsets.UTF_8)));
        assertProblem(400, "not valid UTF-8", eval("text/plain", new byte[] {'1', (byte) 0xC3}));
        assertProblem(415, "not application/json", eval("application/json", "{\"source\":\"1\"}".getBytes(StandardCharsets.UTF_8)));
        assertProblem(415, "not application/x-www-form-urlencoded",
                eval("application/x-www-form-urlencoded", "1+1".getBytes(StandardCharsets.UTF_8)));
        assertProblem(415, "UTF-8 only", eval("text/plain; charset=iso-8859-1", "1".getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, eval(null, "1".getBytes(StandardCharsets.UTF_8)).statusCode(), "no media type is text");
        assertEquals(200, eval("application/javascript", "1".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(405, server.get(PATH).statusCode());
    }

    @Test
    void aRequestNamingAnotherHostOrFromAnotherSiteIs403() throws IOException {
        RawResponse rebound = server.exchange("POST " + PATH + " HTTP/1.1\r\nHost: evil.example:" + server.port()
                + "\r\nContent-Type: text/plain\r\nContent-Length: 1\r\nConnection: close\r\n\r\n1");
        assertEquals(403, rebound.status(), rebound.body());
        assertTrue(rebound.body().contains("not to evil.example:" + server.port()), rebound.body());

        RawResponse crossSite = server.exchange("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nOrigin: https://evil.example\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n"
                + "Connection: close\r\n\r\n1");
        assertEquals(403, crossSite.status(), crossSite.body());
        assertTrue(crossSite.body().contains("https://evil.example"), crossSite.body());

        RawResponse ownPage = server.exchange("POST " + PATH + " HTTP/1.1\r\nHost: localhost:" + server.port()
                + "\r\nOrigin: http://localhost:" + server.port() + "\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 1\r\nConnection: close\r\n\r\n1");
        assertEquals(200, ownPage.status(), ownPage.body());
    }

    @Test
    void aRequestFromAnotherMachineIs403() throws IOException, InterruptedException {
        InetAddress other = NonLoopbackAddress.find();
        assumeTrue(other != null, "this machine has no address but loopback");
        try (TestServer open = TestServer.startWorld(ptth -> ptth, SpaceConfig.DEFAULTS,
                config -> config.bind("0.0.0.0"))) {
            HttpResponse<String> response = open.client().send(HttpRequest.newBuilder(
                    URI.create("http://" + other.getHostAddress() + ":" + open.port() + PATH))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("world.objects()"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertProblem(403, "this one came from " + other.getHostAddress(), response);
            assertFalse(response.body().contains("\"result\""));
        }
    }

    private static void assertProblem(int status, String detailPart, HttpResponse<String> response) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElseThrow());
        String detail = json(response).get("detail").asText();
        assertTrue(detail.contains(detailPart), detail);
    }
}

package pavel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import pavel.server.testing.RawConnection;
import pavel.server.testing.RawResponse;
import pavel.server.testing.TestServer;

/** The production server over {@code java.net.http}, as a browser or script would use it. */
class PavelServerTest {

    @AutoClose
    static final TestServer server = TestServer.start();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthReportsOkAndTheVersionAsJson() throws IOException {
        HttpResponse<String> response = server.get("/health");

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode health = JSON.readTree(response.body());
        assertEquals("ok", health.path("status").asText());
        assertEquals(HttpConformanceContract.VERSION, health.path("version").asText());
        assertEquals(2, health.size(), response.body());
    }

    @Test
    void unknownRouteIsAProblemDocument() throws IOException {
        HttpResponse<String> response = server.get("/nope");

        assertEquals(404, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode problem = JSON.readTree(response.body());
        assertEquals("about:blank", problem.path("type").asText());
        assertEquals("Not Found", problem.path("title").asText());
        assertEquals(404, problem.path("status").asInt());
        assertEquals("Nothing is served at /nope.", problem.path("detail").asText());
        assertEquals("/nope", problem.path("instance").asText());
    }

    @Test
    void wrongMethodIsA405NamingTheAllowedMethods() throws IOException {
        HttpResponse<String> response = server.send("DELETE", "/health", "");

        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD, OPTIONS", response.headers().firstValue("allow").orElseThrow());
        assertEquals("Method Not Allowed", JSON.readTree(response.body()).path("title").asText());
    }

    @Test
    void headHasTheHeadersOfGetAndNoBody() {
        HttpResponse<String> get = server.get("/");
        HttpResponse<String> head = server.head("/");

        assertEquals(200, head.statusCode());
        assertEquals(get.headers().firstValue("content-length"), head.headers().firstValue("content-length"));
        assertEquals("text/html; charset=utf-8", head.headers().firstValue("content-type").orElseThrow());
        assertEquals("", head.body());
    }

    @Test
    void rootServesTheHtmlPage() {
        HttpResponse<String> response = server.get("/");

        assertEquals(200, response.statusCode());
        assertEquals("text/html; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
        assertTrue(response.body().contains("<title>Pavel</title>"));
        assertTrue(response.body().contains("/status.js"));
    }

    @Test
    void pageScriptIsAnEsModuleServedAsJavaScript() {
        HttpResponse<String> response = server.get("/status.js");

        assertEquals("text/javascript; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
        assertTrue(response.body().contains("fetch(\"/health\""));
    }

    @Test
    void encodedTraversalIsRefused() {
        for (String path : new String[] {"/%2e%2e/%2e%2e/etc/passwd", "/..%2fpom.xml", "/%5c..%5cpom.xml"}) {
            HttpResponse<String> response = server.get(path);
            assertEquals(404, response.statusCode(), path);
            assertFalse(response.body().contains("root:"), path);
        }
    }

    @Test
    void everyResponseHasAContentLength() {
        for (String path : new String[] {"/", "/health", "/nope", "/app.css"}) {
            assertTrue(server.get(path).headers().firstValue("content-length").isPresent(), path);
        }
    }

    @Test
    void keepAliveServesTwoRequestsOnOneConnection() throws IOException {
        try (RawConnection connection = server.connect()) {
            RawResponse first = connection.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").read();
            RawResponse second = connection.send("GET /nope HTTP/1.1\r\nHost: localhost\r\n\r\n").read();

            assertEquals(200, first.status());
            assertEquals(404, second.status());
            assertEquals(null, second.header("connection"));
        }
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        try (RawConnection connection = server.connect()) {
            RawResponse response = connection
                    .send("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").read();

            assertEquals("close", response.header("connection"));
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void dataDirectoryIsCreatedAtStart() {
        assertTrue(Files.isDirectory(server.dataDirectory()));
    }
}

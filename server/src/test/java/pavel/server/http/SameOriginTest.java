package pavel.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pavel.server.testing.TestServer;

/**
 * DESIGN.md "Security": an unsafe request that carries an {@code Origin} must come from the server's own origin, on
 * every route, so another site's page cannot make a visitor's browser change the world.
 */
class SameOriginTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startWorld();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aChangeFromAnotherSitesPageIsForbiddenAndChangesNothing() {
        String before = server.get("/doc/main/body").body();
        HttpResponse<String> refused = send("POST", "/doc/main/body", "<p>from evil</p>", "http://evil.example");
        assertEquals(403, refused.statusCode());
        assertEquals("application/problem+json", refused.headers().firstValue("content-type").orElseThrow());
        assertTrue(refused.body().contains("own origin"), refused.body());
        assertEquals(before, server.get("/doc/main/body").body());

        assertEquals(403, send("PUT", "/objects/victim", "{}", "http://evil.example").statusCode());
        assertEquals(404, server.get("/objects/victim").statusCode());
        assertEquals(403, send("DELETE", "/spaces/main", "", "null").statusCode(), "an opaque origin is foreign too");
    }

    @Test
    void theServersOwnPagesAndReadsFromAnywhereAreAllowed() {
        String own = "http://127.0.0.1:" + server.port();
        assertEquals(201, send("POST", "/doc/main/body", "<p>mine</p>", own).statusCode());
        assertEquals(200, send("GET", "/doc/main/body", null, "http://evil.example").statusCode());
        assertEquals(201, server.send("PUT", "/objects/tool", "{}").statusCode(), "no Origin: not a browser page");
    }

    @Test
    void theRuleComparesSchemeHostAndPort() {
        assertTrue(SameOrigin.allows(null, "127.0.0.1:8080"));
        assertTrue(SameOrigin.allows("http://LOCALHOST:8080", "localhost:8080"));
        assertFalse(SameOrigin.allows("http://localhost:8081", "localhost:8080"));
        assertFalse(SameOrigin.allows("https://localhost:8080", "localhost:8080"));
        assertFalse(SameOrigin.allows("http://localhost:8080", null));
    }

    private static HttpResponse<String> send(String method, String path, String body, String origin) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(server.uri(path)).method(method, publisher)
                .header("Origin", origin).build();
        try {
            return server.client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package pavel.server.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import pavel.model.Document;
import pavel.server.testing.TestServer;

/**
 * Mutated document requests (paths, placements, preconditions and fragments) against a real server: each gets a
 * status below 500, and a refused one leaves the space exactly as it was; an accepted one moves it by one version.
 */
class DocumentApiFuzzTest {
    private static final String[] PATHS = {
        "/body", "/body/div%5B1%5D", "//*%5B@id='a'%5D", "/body/ul/li%5Blast()%5D", "/body/div/@class", "/body/p/text()",
        "//li", "/", "", "/body/*%5B2%5D/b", "//div%5B@class=%22x%22%5D/@id",
    };
    private static final String[] BODIES = {
        "<p>x</p>", "<div id=\"a\" class=\"x\">hi</div>", "<li>y</li>", "text", "<td>c</td>", "<script>x</script>",
        "<a href=\"javascript:x\">a</a>", "<img src=\"data:image/png;base64,AA==\" onerror=\"x\">", "<b><i>m</b></i>",
        "<table><tr><td>1</td></tr></table>", "", "<!-- c --><p>", "&amp;&lt;&#0;\u0000\uFFFF", "<svg><g/></svg>",
    };
    private static final String SAFE = "abcdefghijklmnopqrstuvwxyz0123456789/[]@'\"*()=%-_.~:";
    private static final String[] IF_MATCH = {
        "\"3\"", "W/\"4\"", "*", "\"abc\"", "\"99999999999999999999\"", ",,", "\"", "\"\"", "\"1\", *", "-1",
    };
    private static final String[] METHODS = {"GET", "PUT", "POST", "DELETE", "PATCH"};

    @Test
    void mutatedRequestsNeverFailTheServerNorHalfApply() throws Exception {
        long seed = Long.getLong("pavel.test.seed", 777L);
        int cases = 1500 * Integer.getInteger("pavel.test.scale", 1);
        Random random = new Random(seed);
        try (TestServer server = TestServer.startWorld()) {
            server.send("PUT", "/doc/main/", "<div id=\"a\" class=\"x\">hi</div><ul><li>1</li><li>2</li></ul><p>p</p>");
            for (int i = 0; i < cases; i++) {
                String method = METHODS[random.nextInt(METHODS.length)];
                String path = "/doc/main" + mutate(PATHS[random.nextInt(PATHS.length)], random);
                if (random.nextInt(5) == 0) {
                    path += "?at=" + mutate(new String[] {"first", "before", "after", "append", ""}[random.nextInt(5)],
                            random);
                }
                String body = mutate(BODIES[random.nextInt(BODIES.length)], random);
                String before = server.get("/doc/main/").body();
                long version = server.spaces().require("main").version();
                URI uri;
                try {
                    uri = server.uri(path);
                } catch (IllegalArgumentException notAUri) {
                    continue; // the JDK client cannot send it; the raw-socket HTTP fuzz covers such targets
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
                if (random.nextInt(6) == 0) {
                    request.header("If-Match", random.nextBoolean() ? "\"" + version + "\""
                            : IF_MATCH[random.nextInt(IF_MATCH.length)]);
                }
                HttpResponse<String> response = send(server, request.build());
                String where = "case " + i + " (-Dpavel.test.seed=" + seed + "): " + method + " " + path + " " + body;
                assertTrue(response.statusCode() < 500, () -> where + " → " + response.statusCode() + " " + response.body());
                long after = server.spaces().require("main").version();
                if (response.statusCode() >= 400 || method.equals("GET")) {
                    assertEquals(version, after, where);
                    assertEquals(before, server.get("/doc/main/").body(), where);
                } else {
                    assertEquals(version + 1, after, where);
                    Document.parse(server.get("/doc/main/").body()); // still a document that parses back
                }
            }
        }
    }

    private static String mutate(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        for (int edits = random.nextInt(3); edits > 0; edits--) {
            int at = out.isEmpty() ? 0 : random.nextInt(out.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> out.insert(at, SAFE.charAt(random.nextInt(SAFE.length())));
                case 1 -> {
                    if (at < out.length()) {
                        out.deleteCharAt(at);
                    }
                }
                default -> out.insert(at, (char) random.nextInt(0x3000));
            }
        }
        return out.toString();
    }

    private static HttpResponse<String> send(TestServer server, HttpRequest request) throws InterruptedException {
        try {
            return server.client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request + " failed", e);
        }
    }
}

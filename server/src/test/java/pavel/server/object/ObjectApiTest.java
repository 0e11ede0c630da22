package pavel.server.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pavel.server.testing.Eventually;
import pavel.server.testing.TestServer;

/**
 * The objects API over real HTTP, as people use it to program live: messages wait for a handler that does not exist
 * yet, a new behaviour runs them, a broken one is refused and the old one keeps running, a throwing handler rolls
 * its state back, and the view is rendered on PUT and into every mount.
 */
class ObjectApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(20);
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
    void aWaitingMessageRunsOnceItsHandlerIsWritten() {
        assertEquals(201, send("PUT", "/objects/live", "{\"count\":0}").statusCode());
        HttpResponse<String> posted = send("POST", "/objects/live", "{\"type\":\"inc\"}");
        assertEquals(202, posted.statusCode());
        String id = json(posted).get("id").asText();
        JsonNode waiting = json(server.get("/objects/live"));
        assertEquals(id, waiting.get("mailbox").get(0).get("id").asText(), "no handler yet: it waits");
        assertEquals(0, waiting.get("behavior").get("version").asInt());

        HttpResponse<String> activated = send("PUT", "/objects/live/behavior",
                "on({type: 'inc'}, (msg, self) => { self.state.count = (self.state.count ?? 0) + (msg.by ?? 1); });");
        assertEquals(200, activated.statusCode(), activated.body());
        assertEquals(1, json(activated).get("version").asInt());
        Eventually.await(DEADLINE, () -> json(server.get("/objects/live")).get("state").get("count").asInt() == 1,
                () -> "the waiting message ran: " + server.get("/objects/live").body());
        assertEquals(0, json(server.get("/objects/live")).get("mailbox").size());

        HttpResponse<String> broken = send("PUT", "/objects/live/behavior", "on({type: 'inc'}, (msg, self) => {\n  self.state.count =;\n});");
        assertEquals(422, broken.statusCode());
        assertEquals(2, json(broken).get("line").asInt(), broken.body());
        assertTrue(json(broken).get("column").asInt() > 0, broken.body());
        assertEquals(200, send("POST", "/objects/live?reply", "{\"type\":\"inc\",\"by\":2}").statusCode());
        assertEquals(3, json(server.get("/objects/live")).get("state").get("count").asInt(),
                "the old behaviour keeps running");
        assertEquals(1, json(server.get("/objects/live")).get("behavior").get("version").asInt());
        assertEquals(List.of(1), versions("/objects/live"));
    }

    @Test
    void aHandlerThatThrowsRollsTheStateBackAndTheObjectKeepsRunning() {
        send("PUT", "/objects/careful", "{\"count\":1}");
        send("PUT", "/objects/careful/behavior", """
                on({type: 'boom'}, (msg, self) => { self.state.count = 99; throw new Error('no way'); });
                on({type: 'get'}, (msg, self) => self.state.count);
                """);
        HttpResponse<String> failed = send("POST", "/objects/careful?reply", "{\"type\":\"boom\"}");
        assertEquals(422, failed.statusCode());
        assertTrue(failed.body().contains("no way"), failed.body());
        assertEquals("1", send("POST", "/objects/careful?reply", "{\"type\":\"get\"}").body(), "rolled back");
        JsonNode error = json(server.get("/objects/careful")).get("errors").get(0);
        assertTrue(error.get("message").asText().contains("no way"), error.toString());
        assertTrue(!error.get("stack").asText().isEmpty(), "with the JS stack: " + error);
    }

    @Test
    void aSpinningHandlerFailsOnlyItsMessageWhileOtherObjectsKeepAnswering() throws Exception {
        send("PUT", "/objects/spinner", "{\"spins\":0}");
        send("PUT", "/objects/spinner/behavior", """
                on({type: 'spin'}, (msg, self) => { self.state.spins = 1; while (true) {} });
                on({type: 'get'}, (msg, self) => self.state.spins);
                """);
        send("PUT", "/objects/bystander", "{}");
        send("PUT", "/objects/bystander/behavior", "on({type: 'ping'}, () => 'pong');");
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<HttpResponse<String>> spin = clients.submit(() -> send("POST", "/objects/spinner?reply",
                    "{\"type\":\"spin\"}"));
            Eventually.await(DEADLINE, () -> json(server.get("/objects/spinner")).get("mailbox").size() == 0,
                    () -> "the spinner took its message");
            long start = System.nanoTime();
            HttpResponse<String> pong = send("POST", "/objects/bystander?reply", "{\"type\":\"ping\"}");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("\"pong\"", pong.body());
            assertTrue(millis < 900, "the bystander answered while the spinner spun, in " + millis + " ms");
            assertEquals(200, server.get("/health").statusCode(), "the server stays responsive");

            HttpResponse<String> spun = spin.get();
            assertEquals(422, spun.statusCode(), spun.body());
            assertTrue(spun.body().contains("budget") || spun.body().contains("statement limit"),
                    "says why: " + spun.body());
        }
        assertEquals("0", send("POST", "/objects/spinner?reply", "{\"type\":\"get\"}").body(),
                "its state rolled back and it keeps running");
        assertEquals(1, json(server.get("/objects/spinner")).get("errors").size());
    }

    @Test
    void replyAnswersTheHandlersValueAndAnUnmatchedMessageWaits() {
        send("PUT", "/objects/pinger", "{}");
        send("PUT", "/objects/pinger/behavior", "on({type: 'ping'}, () => 'pong');");
        HttpResponse<String> pong = send("POST", "/objects/pinger?reply", "{\"type\":\"ping\"}");
        assertEquals(200, pong.statusCode());
        assertEquals("\"pong\"", pong.body());
        HttpResponse<String> unmatched = send("POST", "/objects/pinger?reply", "{\"type\":\"pong\"}");
        assertEquals(202, unmatched.statusCode());
        String id = json(unmatched).get("id").asText();
        assertEquals(204, send("DELETE", "/objects/pinger/mailbox/" + id, "").statusCode());
        assertEquals(404, send("DELETE", "/objects/pinger/mailbox/" + id, "").statusCode());
        assertEquals(0, json(server.get("/objects/pinger")).get("mailbox").size());
    }

    @Test
    void theViewIsRenderedOnPutAndIntoEveryMount() {
        assertEquals(201, send("POST", "/doc/main/body", "<div data-object=\"shown\">old</div>").statusCode());
        send("PUT", "/objects/shown", "{\"count\":0}");
        assertEquals(204, send("PUT", "/objects/shown/view", "<b>{{count}}</b> <i>{{note}}</i>").statusCode());
        HttpResponse<String> rendered = send("PUT", "/objects/shown", "{\"count\":5,\"note\":\"<script>x</script>\"}",
                Map.of("Accept", "text/html"));
        assertEquals(200, rendered.statusCode());
        assertEquals("<b>5</b> <i>&lt;script&gt;x&lt;/script&gt;</i>", rendered.body(), "values are HTML-escaped");
        HttpResponse<String> again = send("GET", "/objects/shown", "", Map.of("Accept", "text/html"));
        assertEquals(rendered.body(), again.body(), "GET answers the same bytes");
        Eventually.await(DEADLINE, () -> server.get("/doc/main//*%5B@data-object='shown'%5D").body()
                .equals("<div data-object=\"shown\">" + rendered.body() + "</div>"), () -> "mounted");
        assertEquals(422, send("PUT", "/objects/shown/view", "{{#unclosed}}").statusCode());
        assertEquals(204, send("DELETE", "/objects/shown", "").statusCode());
        Eventually.await(DEADLINE, () -> server.get("/doc/main//*%5B@data-object='shown'%5D").body()
                .equals("<div data-object=\"shown\"></div>"), () -> "its mounts are emptied");
        assertEquals(404, server.get("/objects/shown").statusCode());
    }

    @Test
    void aMountAddedLaterShowsTheViewAtOnce() {
        send("PUT", "/objects/late", "{\"count\":7}");
        assertEquals(204, send("PUT", "/objects/late/view", "<b>{{count}}</b>").statusCode());
        assertEquals(201, send("POST", "/doc/main/body", "<section><div data-object=\"late\">…</div></section>")
                .statusCode());
        Eventually.await(DEADLINE, () -> server.get("/doc/main/body").body()
                        .contains("<div data-object=\"late\"><b>7</b></div>"),
                () -> "the new mount shows the view: " + server.get("/doc/main/body").body());
        assertEquals(201, send("POST", "/doc/main/body", "<p>later</p>").statusCode());
        assertEquals(1, occurrences(server.get("/doc/main/body").body(), "<b>7</b>"),
                "showing a view does not feed on itself");

        assertEquals(204, send("DELETE", "/objects/late", "").statusCode());
        assertTrue(server.get("/doc/main/body").body().contains("<div data-object=\"late\"></div>"),
                "a deleted object's mounts are emptied: " + server.get("/doc/main/body").body());
        assertEquals(404, server.get("/objects/late").statusCode());
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void behaviourAndViewAreLookedUpAlongTheProtoChain() {
        send("PUT", "/objects/base", "{}");
        send("PUT", "/objects/base/behavior", "on({type: 'hello'}, (msg, self) => 'hello from ' + self.name);");
        send("PUT", "/objects/derived", "{}");
        assertEquals(204, send("PUT", "/objects/derived/proto", "base").statusCode());
        assertEquals("base", server.get("/objects/derived/proto").body());
        assertEquals("\"hello from derived\"", send("POST", "/objects/derived?reply", "{\"type\":\"hello\"}").body());
        assertEquals(409, send("PUT", "/objects/base/proto", "derived").statusCode(), "no loops");
        assertEquals(404, send("PUT", "/objects/derived/proto", "nobody").statusCode());
    }

    @Test
    void badRequestsAreProblems() {
        assertEquals(400, send("PUT", "/objects/x", "[1]").statusCode());
        assertEquals(400, send("PUT", "/objects/x", "{").statusCode());
        assertEquals(400, send("PUT", "/objects/x", "[".repeat(100) + "]".repeat(100)).statusCode());
        assertEquals(400, send("PUT", "/objects/.x", "{}").statusCode());
        assertEquals(404, send("POST", "/objects/nobody", "{}").statusCode());
        assertEquals(404, server.get("/objects/nobody/behavior").statusCode());
        assertEquals(404, server.get("/objects/nobody/behavior/versions/1").statusCode());
    }

    @Test
    void aThousandObjectsMessagedByTenClientsHandleEveryMessageOnce() throws Exception {
        send("PUT", "/objects/tally", "{}");
        send("PUT", "/objects/tally/behavior", "on({type: 'add'}, (msg, self) => { self.state.n = (self.state.n ?? 0) + 1; });");
        int objects = 1000;
        int clients = 10;
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> creates = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                creates.add(pool.submit(() -> {
                    for (int i = client; i < objects; i += clients) {
                        assertEquals(201, send("PUT", "/objects/t" + i, "{\"n\":0}").statusCode());
                        assertEquals(204, send("PUT", "/objects/t" + i + "/proto", "tally").statusCode());
                    }
                    return null;
                }));
            }
            for (Future<?> f : creates) {
                f.get();
            }
            List<Future<?>> posts = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                posts.add(pool.submit(() -> {
                    for (int i = 0; i < objects; i++) {
                        assertEquals(202, send("POST", "/objects/t" + i, "{\"type\":\"add\"}").statusCode());
                    }
                    return null;
                }));
            }
            for (Future<?> f : posts) {
                f.get();
            }
        }
        Eventually.await(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < objects; i++) {
                JsonNode object = json(server.get("/objects/t" + i));
                if (object.get("state").get("n").asInt() != clients || !object.get("mailbox").isEmpty()) {
                    return false;
                }
            }
            return true;
        }, () -> "every object counted exactly " + clients + " messages");
    }

    private static List<Integer> versions(String object) {
        List<Integer> out = new ArrayList<>();
        json(server.get(object + "/behavior/versions")).forEach(v -> out.add(v.get("version").asInt()));
        return out;
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + response.body(), e);
        }
    }

    private static HttpResponse<String> send(String method, String path, String body) {
        return send(method, path, body, Map.of());
    }

    private static HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(20))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return server.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

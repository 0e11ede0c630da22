package pavel.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pavel.server.space.SpaceConfig;
import pavel.server.testing.Eventually;
import pavel.server.testing.TestServer;

/**
 * The whole server on a durable world, over HTTP: what got a {@code 2xx} is there after a restart (documents, spaces,
 * objects with their behaviour versions, views and waiting letters), and a full store answers {@code 507} without
 * keeping half a change.
 */
class DurableWorldTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COUNTER = "on({type: 'inc'}, (m, self) => { self.state.count++; });";

    @TempDir
    Path data;

    @Test
    void everyAcknowledgedChangeIsThereAfterARestart() throws Exception {
        String hash;
        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS);
                TestServer server = TestServer.startWorld(world, SpaceConfig.DEFAULTS)) {
            assertEquals(201, server.send("POST", "/doc/main/body", "<div id=\"a\">hi</div>").statusCode());
            assertEquals(200, server.send("PUT", "/doc/main/body/div/@title", "kept").statusCode());
            assertEquals(201, server.send("PUT", "/spaces/lab", "<h1>lab</h1>").statusCode());
            assertEquals(201, server.send("PUT", "/objects/counter", "{\"count\":0}").statusCode());
            assertEquals(200, server.send("PUT", "/objects/counter/behavior", COUNTER).statusCode());
            assertEquals(204, server.send("PUT", "/objects/counter/view", "<b>{{count}}</b>").statusCode());
            assertEquals(201, server.send("POST", "/doc/main/body", "<p data-object=\"counter\"></p>").statusCode());
            for (int i = 0; i < 3; i++) {
                assertEquals(200, server.send("POST", "/objects/counter?reply", "{\"type\":\"inc\"}").statusCode());
            }
            // A message no handler takes waits in the mailbox, and must still be waiting after the restart.
            assertEquals(202, server.send("POST", "/objects/counter", "{\"type\":\"later\"}").statusCode());
            Eventually.await(DEADLINE, () -> server.get("/doc/main/body/p").body().contains("<b>3</b>"),
                    () -> "the view shows 3: " + server.get("/doc/main/body/p").body());
            hash = server.get("/doc/main/").headers().firstValue("ETag").orElseThrow();
        }

        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS);
                TestServer server = TestServer.startWorld(world, SpaceConfig.DEFAULTS)) {
            assertEquals(hash, server.get("/doc/main/").headers().firstValue("ETag").orElseThrow());
            assertEquals("kept", server.get("/doc/main/body/div/@title").body());
            assertEquals("<h1>lab</h1>", server.get("/doc/lab/body/h1").body());
            JsonNode counter = JSON.readTree(server.get("/objects/counter").body());
            assertEquals(3, counter.get("state").get("count").asInt());
            assertEquals(1, counter.get("behavior").get("version").asInt());
            assertEquals("later", counter.get("mailbox").get(0).get("message").get("type").asText());
            assertEquals("<b>{{count}}</b>", server.get("/objects/counter/view").body());
            assertEquals(COUNTER, server.get("/objects/counter/behavior").body());

            // It runs on: a new behaviour takes the waiting letter, and the view follows.
            assertEquals(200, server.send("PUT", "/objects/counter/behavior", COUNTER
                    + "\non({type: 'later'}, (m, self) => { self.state.count += 10; });").statusCode());
            Eventually.await(DEADLINE, () -> server.get("/doc/main/body/p").body().contains("<b>13</b>"),
                    () -> "the waiting letter ran: " + server.get("/doc/main/body/p").body());
        }
    }

    @Test
    void aFullStoreAnswers507AndTheWorldStaysAsItWas() throws Exception {
        try (SqliteWorld world = SqliteWorld.open(data, new SqliteWorld.Options(true, 512 * 1024));
                TestServer server = TestServer.startWorld(world, SpaceConfig.DEFAULTS)) {
            String big = "<p>" + "x".repeat(60_000) + "</p>";
            HttpResponse<String> answer = null;
            int kept = 0;
            for (int i = 0; i < 50; i++) {
                answer = server.send("POST", "/doc/main/body", big);
                if (answer.statusCode() != 201) {
                    break;
                }
                kept++;
            }
            assertEquals(507, answer.statusCode(), answer::body);
            assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElseThrow());
            JsonNode problem = JSON.readTree(answer.body());
            assertEquals("The data directory is full; the change was not kept. Free some space and try again.",
                    problem.get("detail").asText());

            // The space went back to what the store holds: exactly the kept changes; reads go on.
            int keptNow = kept;
            Eventually.await(DEADLINE, () -> server.get("/doc/main/body").statusCode() == 200
                    && server.get("/doc/main/body/p").body().split("</p>", -1).length - 1 == keptNow,
                    () -> "the space shows the " + keptNow + " kept paragraphs");
            HttpResponse<String> object = server.send("PUT", "/objects/big", "{\"text\":\"" + "y".repeat(600_000) + "\"}");
            assertEquals(507, object.statusCode(), object::body);
            assertEquals(404, server.get("/objects/big").statusCode(), "an object that was not kept is not there");
        }
        // With room again (here: no limit), the world opens with the kept changes and takes new ones.
        try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS);
                TestServer server = TestServer.startWorld(world, SpaceConfig.DEFAULTS)) {
            assertEquals(201, server.send("POST", "/doc/main/body", "<i>small</i>").statusCode());
            String body = server.get("/doc/main/body").body();
            assertTrue(body.endsWith("<i>small</i></body>"), body);
        }
    }
}

package pavel.server.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import pavel.server.store.MemoryObjectStore;
import pavel.server.testing.Eventually;
import pavel.server.testing.TestServer;

/**
 * A change reaches the clients only once the store has made it durable, and its {@code 2xx} waits for that too; a
 * change the store refuses is answered {@code 507}, never reaches a client, and the space goes back to what the store
 * holds.
 */
class SpaceDurabilityTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @Test
    void anOpReachesClientsAndItsAnswerOnlyOnceDurable() throws Exception {
        GatedSpaceStore store = new GatedSpaceStore();
        try (TestServer server = TestServer.startWorld(store, new MemoryObjectStore(), SpaceConfig.DEFAULTS);
                PollingReplicaClient client = new PollingReplicaClient(server, "main", 16)) {
            Space main = server.spaces().require("main");
            Eventually.await(DEADLINE, () -> client.replicas().holds("main"), () -> "joined");

            store.close();
            CompletableFuture<HttpResponse<String>> posted = CompletableFuture.supplyAsync(
                    () -> server.send("POST", "/doc/main/body", "<p>on its way</p>"));
            Eventually.await(DEADLINE, () -> store.waiting() == 1, () -> "the op reached the store");
            assertEquals(1, main.version(), "applied in memory");
            // Another client joins now: it must not get the version that is not durable yet either.
            try (PollingReplicaClient late = new PollingReplicaClient(server, "main", 16)) {
                Eventually.await(DEADLINE, () -> server.sessions().sessions().size() == 2, () -> "second session");
                assertFalse(posted.isDone(), "no answer before the op is durable");
                assertEquals(0, client.replicas().version("main"), "no client has the op before it is durable");
                assertFalse(late.replicas().holds("main") && late.replicas().version("main") > 0);

                store.release();
                assertEquals(201, posted.get().statusCode());
                for (PollingReplicaClient each : new PollingReplicaClient[] {client, late}) {
                    Eventually.await(DEADLINE, () -> each.replicas().holds("main")
                            && each.replicas().version("main") == 1, () -> "the durable op arrived");
                    assertEquals(main.read(doc -> doc.hashHex()), each.replicas().hashHex("main"));
                }
            }
        }
    }

    @Test
    void anOpTheStoreRefusesIsAnswered507AndNeverSeen() throws Exception {
        GatedSpaceStore store = new GatedSpaceStore();
        try (TestServer server = TestServer.startWorld(store, new MemoryObjectStore(), SpaceConfig.DEFAULTS);
                PollingReplicaClient client = new PollingReplicaClient(server, "main", 16)) {
            Space main = server.spaces().require("main");
            assertEquals(201, server.send("POST", "/doc/main/body", "<p>kept</p>").statusCode());
            Eventually.await(DEADLINE, () -> client.replicas().holds("main") && client.replicas().version("main") == 1,
                    () -> "joined at version 1");
            String kept = main.read(doc -> doc.hashHex());

            store.close();
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                    () -> server.send("POST", "/doc/main/body", "<p>lost</p>"));
            CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(
                    () -> server.send("POST", "/doc/main/body", "<p>built on lost</p>"));
            Eventually.await(DEADLINE, () -> store.waiting() == 2, () -> "both ops reached the store");
            store.fail();

            assertEquals(507, first.get().statusCode(), first.get().body());
            int secondStatus = second.get().statusCode();
            assertTrue(secondStatus == 507 || secondStatus == 503, "the op built on it: " + secondStatus);
            Eventually.await(DEADLINE, () -> main.version() == 1 && main.read(doc -> doc.hashHex()).equals(kept),
                    () -> "the space went back to version 1");
            assertEquals(1, client.replicas().version("main"));
            assertEquals(kept, client.replicas().hashHex("main"), "the client never saw what was not kept");

            assertEquals(201, server.send("POST", "/doc/main/body", "<p>next</p>").statusCode());
            Eventually.await(DEADLINE, () -> client.replicas().version("main") == 2
                    && client.replicas().hashHex("main").equals(main.read(doc -> doc.hashHex())), () -> "in step again");
        }
    }
}

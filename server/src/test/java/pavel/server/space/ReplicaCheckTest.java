package pavel.server.space;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;
import pavel.server.testing.Eventually;
import pavel.server.testing.TestServer;

/** The server asks replicas for their hash; a replica that diverged is found, counted and resynced. */
class ReplicaCheckTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @Test
    void aDivergedReplicaIsFoundAndResynced() {
        try (TestServer server = TestServer.startWorld(ptth -> ptth,
                        SpaceConfig.DEFAULTS.withReplicaCheckInterval(Duration.ofHours(1)));
                PollingReplicaClient client = new PollingReplicaClient(server, "main", 16)) {
            server.send("POST", "/doc/main/body", "<p id=\"p\">server</p>");
            Space main = server.spaces().require("main");
            Eventually.await(DEADLINE, () -> client.replicas().holds("main")
                    && client.replicas().version("main") == main.version(), () -> "joined");
            // An op reaches it only once the server has its answer to the whole document: then it is checked.
            server.send("POST", "/doc/main/body", "<p>more</p>");
            Eventually.await(DEADLINE, () -> client.replicas().version("main") == main.version(), () -> "op applied");

            // Something goes wrong on the client: same version, other content.
            client.replicas().handle(ReverseRequest.of("PUT", "/doc/main/",
                    List.of(new Header("Pavel-Version", Long.toString(main.version()))), "<body><p>client</p></body>"));
            String serverHash = main.read(doc -> doc.hashHex());
            assertEquals(0, server.spaces().metrics().replicaMismatches());

            main.checkReplicas();
            Eventually.await(DEADLINE, () -> server.spaces().metrics().replicaMismatches() == 1, () -> "mismatch found");
            Eventually.await(DEADLINE, () -> client.replicas().hashHex("main").equals(serverHash),
                    () -> "resynced to the server's document");
            assertEquals(1, server.spaces().metrics().resyncs());
        }
    }
}

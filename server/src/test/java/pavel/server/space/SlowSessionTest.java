package pavel.server.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import pavel.model.Document;
import pavel.server.testing.Eventually;
import pavel.server.testing.TestServer;

/**
 * A session that stops reading while ops pour in overflows, gets a whole document and nothing more until it has
 * answered it, then the ops it missed since: a few resyncs however many ops it missed (an overflow can catch the
 * whole document too, before the resync has dropped the session's backlog), and a session that keeps up never
 * waits for it.
 */
class SlowSessionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final int OPS = 400;

    @Test
    void aStalledSessionIsResyncedOnceWhileTheOthersKeepUp() {
        try (TestServer server = TestServer.startWorld(ptth -> ptth.maxQueuedRequests(24),
                        SpaceConfig.DEFAULTS.withReplicaCheckInterval(Duration.ofHours(1)));
                PollingReplicaClient slow = new PollingReplicaClient(server, "main", 16);
                PollingReplicaClient quick = new PollingReplicaClient(server, "main", 16)) {
            Space main = server.spaces().require("main");
            Eventually.await(DEADLINE, () -> inStep(main, slow) && inStep(main, quick), () -> "both joined");
            slow.pause();

            for (int i = 0; i < OPS; i++) {
                assertEquals(201, server.send("POST", "/doc/main/body", "<p>" + i + "</p>").statusCode());
                if (i % 50 == 49) {
                    Eventually.await(DEADLINE, () -> inStep(main, quick), () -> "the quick session keeps up");
                }
            }
            long resyncs = server.spaces().metrics().resyncs();
            assertTrue(resyncs <= 3, "the stalled session was resynced " + resyncs + " times, its queue holds 24");

            slow.unpause();
            Eventually.await(DEADLINE, () -> inStep(main, slow), () -> "the stalled session catches up");
            long after = server.spaces().metrics().resyncs() - resyncs;
            assertTrue(after <= 1, "at most one more whole document (when it missed more ops than a catch-up sends), not "
                    + after);
            assertEquals(1 + 2 * OPS, main.read(Document::nodeCount));
        }
    }

    private static boolean inStep(Space space, PollingReplicaClient client) {
        return client.replicas().holds(space.name()) && space.read(doc -> doc.version() == client.replicas()
                .version(space.name()) && doc.hashHex().equals(client.replicas().hashHex(space.name())));
    }
}

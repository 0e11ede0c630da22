package pavel.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pavel.desktop.ptth.ConnectionListener;
import pavel.desktop.ptth.PtthClient;
import pavel.desktop.ptth.PtthClientConfig;
import pavel.desktop.ptth.ReverseRouter;
import pavel.desktop.replica.ReplicaRoutes;
import pavel.desktop.replica.ResumeHeaders;
import pavel.replica.SpaceReplicas;
import pavel.server.space.SpaceConfig;
import pavel.server.testing.Eventually;
import pavel.server.testing.TestServer;

/**
 * A desktop client of a server that stops and comes back on the same world: it reconnects by itself, tells the new
 * server what its replica holds, and gets what it missed (the new server's log goes back before the restart), ending
 * identical to the server without starting over.
 */
class RestartResyncTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path data;

    @Test
    void aDesktopClientCatchesUpWithTheRestartedServer() throws Exception {
        int port = freePort();
        SpaceReplicas replicas = new SpaceReplicas();
        ReverseRouter router = ReplicaRoutes.register(ReverseRouter.builder(), replicas).build();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        PtthClient client = new PtthClient(PtthClientConfig.newBuilder(URI.create("http://127.0.0.1:" + port + "/ptth"))
                .viewSpaces(List.of("main"))
                .dynamicHeaders(new ResumeHeaders(replicas))
                .backoff(Duration.ofMillis(20), 2.0, Duration.ofMillis(200))
                .build(), router, ConnectionListener.none(), loops);
        try {
            try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS);
                    TestServer server = TestServer.startWorld(world, SpaceConfig.DEFAULTS, config -> config.port(port))) {
                client.connect();
                for (int i = 0; i < 5; i++) {
                    assertEquals(201, server.send("POST", "/doc/main/body", "<p>before " + i + "</p>").statusCode());
                }
                awaitIdentical(server, replicas, 5);
            }
            // The server is gone; the client keeps trying. The same world comes back and changes go on.
            try (SqliteWorld world = SqliteWorld.open(data, SqliteWorld.Options.DEFAULTS);
                    TestServer server = TestServer.startWorld(world, SpaceConfig.DEFAULTS, config -> config.port(port))) {
                long resyncsBefore = server.spaces().metrics().resyncs();
                assertEquals(201, server.send("POST", "/doc/main/body", "<p>after</p>").statusCode());
                awaitIdentical(server, replicas, 6);
                Eventually.await(DEADLINE, () -> server.spaces().metrics().catchUps() > 0,
                        () -> "the client caught up from the log instead of getting the whole document");
                assertEquals(resyncsBefore, server.spaces().metrics().resyncs());
            }
        } finally {
            client.close();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static void awaitIdentical(TestServer server, SpaceReplicas replicas, long version) {
        String hash = server.spaces().require("main").read(doc -> doc.hashHex());
        Eventually.await(DEADLINE, () -> replicas.holds("main") && replicas.version("main") == version
                && replicas.hashHex("main").equals(hash),
                () -> "the client holds version " + version + " (it holds " + (replicas.holds("main")
                        ? replicas.version("main") : "nothing") + ")");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package pavel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void defaultsAreLoopback8080AndTheDocumentedLimits() {
        ServerConfig config = ServerConfig.newBuilder().build();

        assertEquals("127.0.0.1", config.bind());
        assertEquals(8080, config.port());
        assertEquals(Path.of("pavel-data"), config.dataDirectory());
        assertEquals(8192, config.maxHeadBytes());
        assertEquals(1048576, config.maxBodyBytes());
        assertEquals(Duration.ofSeconds(60), config.idleTimeout());
        assertEquals(Duration.ofSeconds(5), config.shutdownGrace());
        assertEquals(-1, config.consolePort());
        assertFalse(config.hasConsole());
    }

    @Test
    void toBuilderRoundTripsEveryField() {
        ServerConfig config = ServerConfig.newBuilder()
                .bind("::1").port(0).dataDirectory(Path.of("/tmp/p")).maxHeadBytes(4096).maxBodyBytes(10)
                .idleTimeout(Duration.ofSeconds(1)).shutdownGrace(Duration.ZERO).consolePort(8023).build();

        assertEquals(config, config.toBuilder().build());
        assertEquals(9090, config.toBuilder().port(9090).build().port());
    }

    @Test
    void toStringListsEveryField() {
        assertEquals("ServerConfig[bind=127.0.0.1, port=8080, dataDirectory=pavel-data, maxHeadBytes=8192, "
                + "maxBodyBytes=1048576, idleTimeout=PT1M, shutdownGrace=PT5S, ptth=PtthConfig[heartbeat=PT25S, "
                + "responseTimeout=PT30S, hold=PT25S, queueExpiry=PT1M, maxInFlight=64, maxQueuedRequests=1000, "
                + "maxQueuedBytes=16777216, maxConnectionsPerSession=4, maxHandshakeBodyBytes=8192, "
                + "maxAnswerBytes=1048576, legacyNoConnectionHeader=true], consolePort=-1]",
                ServerConfig.newBuilder().build().toString());
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheValue() {
        assertEquals("Port (70000) must be between 0 and 65535.", assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.newBuilder().port(70000).build()).getMessage());
        assertEquals("Body limit (0 bytes) must be positive.", assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.newBuilder().maxBodyBytes(0).build()).getMessage());
        assertEquals("Idle timeout (PT0S) must be positive.", assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.newBuilder().idleTimeout(Duration.ZERO).build()).getMessage());
        assertEquals("Bind address must not be blank.", assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.newBuilder().bind(" ").build()).getMessage());
        assertEquals("Console port (-2) must be between 0 and 65535, or -1 for no console.",
                assertThrows(IllegalArgumentException.class,
                        () -> ServerConfig.newBuilder().consolePort(-2).build()).getMessage());
    }
}

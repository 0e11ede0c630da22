package pavel.desktop.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import pavel.ptth.Header;

final class PtthClientConfigTest {
    private static final URI URI_8080 = URI.create("http://127.0.0.1:8080/ptth");

    @Test
    void defaultsAreThoseOfPtthMd() {
        PtthClientConfig c = PtthClientConfig.newBuilder(URI_8080).build();
        assertEquals(Duration.ofSeconds(10), c.handshakeTimeout());
        assertEquals(Duration.ofSeconds(60), c.deadPeerTimeout());
        assertEquals(Duration.ofMillis(500), c.backoffBase());
        assertEquals(2.0, c.backoffFactor());
        assertEquals(Duration.ofSeconds(30), c.backoffCap());
        assertEquals(Duration.ofSeconds(60), c.backoffResetAfter());
        assertEquals(4096, c.maxInitialLineLength());
        assertEquals(8192, c.maxHeaderSize());
        assertEquals(16 * 1024 * 1024, c.maxContentLength());
        assertEquals("PTTH/1.0", c.offeredToken());
        assertEquals("127.0.0.1:8080", c.authority());
        assertEquals("/ptth", c.target());
        assertTrue(c.openSessionFirst(), "Pavel's server: open the session, then upgrade on its queue");
    }

    @Test
    void toBuilderKeepsEveryValue() {
        PtthClientConfig c = PtthClientConfig.newBuilder(URI_8080).sessionId("s-1").viewSpaces(List.of("main"))
                .deadPeerTimeout(Duration.ofSeconds(5)).maxConcurrentHandlers(3).openSessionFirst(false).build();
        assertEquals(false, c.toBuilder().build().openSessionFirst());
        assertEquals(c.toString(), c.toBuilder().build().toString());
    }

    @Test
    void toStringNamesEveryFieldButNotTheSession() {
        String s = PtthClientConfig.newBuilder(URI_8080).sessionId("secret-session").build().toString();
        for (String field : List.of("serverUri", "sessionId", "viewSpaces", "extraHeaders", "offerLegacyToken",
                "connectTimeout", "handshakeTimeout", "deadPeerTimeout", "backoffBase", "backoffFactor", "backoffCap",
                "backoffResetAfter", "maxInitialLineLength", "maxHeaderSize", "maxContentLength",
                "maxConcurrentHandlers", "handlerExecutor", "clock", "random")) {
            assertTrue(s.contains(field + "="), field + " in " + s);
        }
        assertTrue(!s.contains("secret-session"), s);
    }

    @Test
    void badValuesAreRefusedWithTheValue() {
        assertEquals("Server URI 'ftp://x/ptth' must be http or https.", assertThrows(IllegalArgumentException.class,
                () -> PtthClientConfig.newBuilder(URI.create("ftp://x/ptth"))).getMessage());
        assertEquals("Header 'Host' is set by the client itself; it cannot be an extra header.",
                assertThrows(IllegalArgumentException.class, () -> PtthClientConfig.newBuilder(URI_8080)
                        .extraHeaders(List.of(new Header("Host", "x")))).getMessage());
        assertEquals("Back-off cap (PT0.1S) cannot be less than its base (PT1S).", assertThrows(IllegalArgumentException.class,
                () -> PtthClientConfig.newBuilder(URI_8080).backoff(Duration.ofSeconds(1), 2, Duration.ofMillis(100))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PtthClientConfig.newBuilder(URI_8080).viewSpaces(List.of("a,b")));
    }

    @Test
    void defaultPortsAreLeftOutOfHost() {
        PtthClientConfig c = PtthClientConfig.newBuilder(URI.create("https://pavel.example/ptth?x=1")).build();
        assertEquals("pavel.example", c.authority());
        assertEquals(443, c.port());
        assertEquals("/ptth?x=1", c.target());
    }
}

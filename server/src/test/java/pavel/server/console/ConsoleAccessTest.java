package pavel.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.junit.jupiter.api.Test;

/** Who may use the console over HTTP until accounts come: {@link ConsoleAccess#loopbackOnly()}'s rule. */
class ConsoleAccessTest {
    private static final SocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 50_000);
    private static final SocketAddress LOOPBACK6 = new InetSocketAddress("::1", 50_000);
    private static final SocketAddress LAN = new InetSocketAddress("192.0.2.7", 50_000);

    @Test
    void aRequestFromThisMachineToALoopbackNameMayUseIt() {
        assertNull(LoopbackAccess.refusal(LOOPBACK, "127.0.0.1:8080", null));
        assertNull(LoopbackAccess.refusal(LOOPBACK, "localhost:8080", "http://localhost:8080"));
        assertNull(LoopbackAccess.refusal(LOOPBACK6, "[::1]:8080", null));
        assertNull(LoopbackAccess.refusal(LOOPBACK, null, null), "HTTP/1.0 without Host");
    }

    @Test
    void aRequestFromAnotherMachineIsRefusedWithItsAddress() {
        assertEquals("The console takes requests from this machine only, until accounts come with --auth password; "
                + "this one came from 192.0.2.7.", LoopbackAccess.refusal(LAN, "127.0.0.1:8080", null));
        assertEquals("The console takes requests from this machine only, until accounts come with --auth password; "
                + "this one came from an unknown address.", LoopbackAccess.refusal(null, "localhost", null));
    }

    @Test
    void aNameReboundToLoopbackIsRefused() {
        assertEquals("The console takes only requests addressed to this machine by a loopback name (localhost, "
                + "127.0.0.1 or [::1]), not to evil.example:8080.",
                LoopbackAccess.refusal(LOOPBACK, "evil.example:8080", "http://evil.example:8080"));
    }

    @Test
    void aPageOfAnotherSiteIsRefused() {
        assertEquals("The console takes no requests from the pages of other sites; this one came from "
                + "https://evil.example.", LoopbackAccess.refusal(LOOPBACK, "127.0.0.1:8080", "https://evil.example"));
        assertTrue(LoopbackAccess.refusal(LOOPBACK, "127.0.0.1:8080", "null") != null, "a sandboxed page");
    }

    @Test
    void loopbackNamesAreLiteral() {
        for (String host : new String[] {"localhost", "LOCALHOST:1", "127.0.0.1", "127.1.2.3:8080", "[::1]",
                "[::1]:8080"}) {
            assertTrue(LoopbackAccess.isLoopbackName(host), host);
        }
        for (String host : new String[] {"127.0.0.1.evil.example", "localhost.evil.example", "evil.example",
                "127.0.0.1:x", "[::2]", "[::1]x", "10.0.0.1", "", "127.0.0.1:"}) {
            assertFalse(LoopbackAccess.isLoopbackName(host), host);
        }
    }
}

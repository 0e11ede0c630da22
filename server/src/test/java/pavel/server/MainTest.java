package pavel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The command line, parsed in memory: no sockets, the runner only records the configuration. */
class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private @Nullable ServerConfig ran;

    private int run(String... args) {
        ServerRunner recorder = config -> {
            ran = config;
            return 0;
        };
        return Main.commandLine(recorder, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void serveWithoutOptionsUsesTheDefaults() {
        assumeTrue(System.getenv("PAVEL_PORT") == null && System.getenv("PAVEL_BIND") == null
                && System.getenv("PAVEL_DATA") == null && System.getenv("PAVEL_CONSOLE_PORT") == null,
                "PAVEL_* variables are set in this environment");

        assertEquals(0, run("serve"));

        assertEquals(ServerConfig.newBuilder().dataDirectory(Path.of("./pavel-data")).build(), ran);
    }

    @Test
    void serveTakesPortBindAndData() {
        assertEquals(0, run("serve", "--port", "9000", "--bind", "0.0.0.0", "--data", "/srv/pavel"));

        assertEquals(ServerConfig.newBuilder().port(9000).bind("0.0.0.0").dataDirectory(Path.of("/srv/pavel")).build(),
                ran);
    }

    @Test
    void serveTakesAConsolePortAndHasNoConsoleWithout() {
        assertEquals(0, run("serve", "--console-port", "8023"));

        assertEquals(8023, ran.consolePort());
        assumeTrue(System.getenv("PAVEL_CONSOLE_PORT") == null, "PAVEL_CONSOLE_PORT is set in this environment");
        assertEquals(0, run("serve"));
        assertEquals(ServerConfig.NO_CONSOLE, ran.consolePort());
    }

    @Test
    void aConsolePortOutOfRangeIsStatus2() {
        assertEquals(2, run("serve", "--console-port", "-1"));

        assertEquals("pavel serve: Console port -1 is out of range; use 0 to 65535 (see 'pavel serve --help').",
                err.toString().strip());
        assertNull(ran);
    }

    @Test
    void portZeroMeansAnyFreePort() {
        assertEquals(0, run("serve", "--port=0"));

        assertEquals(0, ran.port());
    }

    @Test
    void helpListsTheServeCommand() {
        assertEquals(0, run("--help"));

        assertTrue(out.toString().contains("serve"), out.toString());
        assertNull(ran);
    }

    @Test
    void serveHelpNamesEveryOptionAndItsVariable() {
        assertEquals(0, run("serve", "--help"));

        for (String text : new String[] {"--port", "--bind", "--data", "--console-port", "PAVEL_PORT", "PAVEL_BIND",
                "PAVEL_DATA", "PAVEL_CONSOLE_PORT"}) {
            assertTrue(out.toString().contains(text), text + " in " + out);
        }
        assertNull(ran);
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertEquals(0, run("--version"));

        assertEquals("pavel " + HttpConformanceContract.VERSION, out.toString().strip());
    }

    @Test
    void nonNumericPortIsOneSentenceAndStatus2() {
        assertEquals(2, run("serve", "--port", "abc"));

        assertEquals("pavel serve: Invalid value for option '--port': 'abc' is not an int (see 'pavel serve --help').",
                err.toString().strip());
        assertNull(ran);
    }

    @Test
    void portOutOfRangeIsStatus2() {
        assertEquals(2, run("serve", "--port", "70000"));

        assertEquals("pavel serve: Port 70000 is out of range; use 0 to 65535 (see 'pavel serve --help').",
                err.toString().strip());
    }

    @Test
    void unknownOptionIsStatus2() {
        assertEquals(2, run("serve", "--prot", "8080"));

        String message = err.toString().strip();
        assertTrue(message.startsWith("pavel serve: Unknown option"), message);
        assertTrue(message.contains("'--prot'"), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void missingCommandIsStatus2() {
        assertEquals(2, run());

        assertEquals("pavel: Missing command; use 'pavel serve' to run the server (see 'pavel --help').",
                err.toString().strip());
    }

    @Test
    void unknownCommandIsStatus2() {
        assertEquals(2, run("frobnicate"));

        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }
}

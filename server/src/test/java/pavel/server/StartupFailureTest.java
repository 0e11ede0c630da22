package pavel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pavel.server.store.SqliteWorld;
import pavel.server.testing.TestServer;

/** Start failures a user can fix: one sentence naming the path or address, status 1, no stack trace. */
class StartupFailureTest {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int serve(String... options) {
        PrintWriter errors = new PrintWriter(err, true);
        String[] args = new String[options.length + 1];
        args[0] = "serve";
        System.arraycopy(options, 0, args, 1, options.length);
        return Main.commandLine(new ServerLauncher(errors), new PrintWriter(out, true), errors).execute(args);
    }

    @Test
    void missingDataDirectoryIsCreated() {
        Path data = temp.resolve("a/b/pavel-data");

        assertEquals(data, DataDirectory.prepare(data).path());
        assertTrue(Files.isDirectory(data));
    }

    @Test
    void relativeDataDirectoryIsMadeAbsolute() {
        DataDirectory data = DataDirectory.prepare(temp.resolve("x/../y"));

        assertEquals(temp.resolve("y"), data.path());
    }

    @Test
    void dataDirectoryUnderAFileCannotBeCreated() throws IOException {
        Path file = Files.writeString(temp.resolve("plain-file"), "x");
        Path data = file.resolve("pavel-data");

        assertEquals(1, serve("--port", "0", "--data", data.toString()));

        String message = err.toString().strip();
        assertEquals("pavel: Cannot create the data directory " + data + ": " + file + " is not a directory.", message);
        assertEquals(1, message.lines().count());
    }

    @Test
    void dataDirectoryThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(temp.resolve("pavel-data"), "x");

        StartupException e = assertThrows(StartupException.class, () -> DataDirectory.prepare(file));
        assertEquals("The data directory " + file + " is a file, not a directory.", e.getMessage());
    }

    @Test
    void portInUseIsOneSentenceNamingTheAddress() {
        try (TestServer running = TestServer.start()) {
            assertEquals(1, serve("--port", String.valueOf(running.port()), "--data", temp.toString()));

            assertEquals("pavel: Cannot listen on 127.0.0.1:" + running.port() + ": address already in use.",
                    err.toString().strip());
        }
    }

    @Test
    void dataDirectoryInUseByAnotherServerIsOneSentence() {
        try (SqliteWorld running = SqliteWorld.open(temp, SqliteWorld.Options.DEFAULTS)) {
            assertEquals(1, serve("--port", "0", "--data", temp.toString()));

            assertEquals("pavel: The data directory " + temp + " is in use by another running Pavel server (pid "
                    + ProcessHandle.current().pid() + "); stop it first, or start this one with another --data.",
                    err.toString().strip());
        }
    }

    @Test
    void aWorldFromANewerPavelIsOneSentence() throws Exception {
        SqliteWorld.open(temp, SqliteWorld.Options.DEFAULTS).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + temp.resolve(SqliteWorld.FILE));
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = 7");
        }

        assertEquals(1, serve("--port", "0", "--data", temp.toString()));

        String message = err.toString().strip();
        assertTrue(message.startsWith("pavel: The world in " + temp.resolve(SqliteWorld.FILE) + " has format 7, newer"
                + " than this Pavel understands"), message);
        assertEquals(1, message.lines().count());
    }
}

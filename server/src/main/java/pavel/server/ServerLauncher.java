package pavel.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.server.console.Console;
import pavel.server.console.ConsoleConfig;
import pavel.server.console.ConsoleServer;
import pavel.server.object.ConsoleWorld;
import pavel.server.object.LiveObjects;
import pavel.server.script.ScriptConfig;
import pavel.server.script.ScriptEngine;
import pavel.server.session.SessionRegistry;
import pavel.server.space.SpaceConfig;
import pavel.server.space.Spaces;
import pavel.server.store.SqliteWorld;
import pavel.server.store.StoreException;

/**
 * Runs the real server for {@code pavel serve}: wires the routes, starts, and stops on SIGTERM or Ctrl-C.
 *
 * <p>A start failure the user can fix ({@link StartupException}) is printed as its one sentence and ends
 * with status 1. Once started, the only way out is the JVM's shutdown: a shutdown hook stops the server
 * gracefully and then ends the process with status 0 (1 if stopping failed), so that a SIGTERM from a
 * service manager counts as a clean exit rather than the JVM's default 143. No other code in the server
 * may call {@code System.exit}.
 */
final class ServerLauncher implements ServerRunner {

    private static final Logger log = LoggerFactory.getLogger(ServerLauncher.class);

    private final PrintWriter err;

    ServerLauncher(PrintWriter err) {
        this.err = Objects.requireNonNull(err, "err");
    }

    @Override
    public int run(ServerConfig config) {
        SqliteWorld world;
        try {
            DataDirectory data = DataDirectory.prepare(config.dataDirectory());
            world = SqliteWorld.open(data.path(), SqliteWorld.Options.DEFAULTS);
        } catch (StartupException | StoreException e) {
            return failedToStart(e.getMessage());
        }
        SessionRegistry sessions = new SessionRegistry(config.ptth());
        ObjectMapper json = new ObjectMapper();
        ScriptEngine scripts = new ScriptEngine(ScriptConfig.DEFAULTS);
        Spaces spaces;
        LiveObjects objects;
        long begin = System.nanoTime();
        try {
            spaces = new Spaces(world.spaces(), sessions, SpaceConfig.DEFAULTS);
            objects = new LiveObjects(scripts, spaces, sessions, json, world.objects());
        } catch (StoreException e) {
            world.close();
            return failedToStart(e.getMessage());
        }
        log.info("Recovered {} spaces and {} objects in {} ms", spaces.list().size(), objects.count(),
                (System.nanoTime() - begin) / 1_000_000);
        Console console = new Console(scripts, new ConsoleWorld(objects, json));
        PavelServer server = new PavelServer(
                config, PavelRoutes.create(Version.current(), json, sessions, spaces, objects, console), sessions);
        try {
            server.start();
        } catch (StartupException e) {
            world.close();
            return failedToStart(e.getMessage());
        }
        ConsoleServer consoleServer = startConsole(config, console);
        if (consoleServer == null && config.hasConsole()) {
            server.stop();
            world.close();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("pavel-shutdown").unstarted(() -> {
            int status = 0;
            try {
                if (consoleServer != null) {
                    consoleServer.close();
                }
                console.close();
                server.stop();
                objects.close();
                spaces.close();
                world.close(); // after the server: changes in flight are committed, then the lock is let go
            } catch (RuntimeException e) {
                log.error("Stopping the server failed", e);
                status = 1;
            }
            // Ends the shutdown the signal began, with our status instead of 128 + signal.
            Runtime.getRuntime().halt(status);
        }));
        try {
            server.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop();
        }
        return 0;
    }

    private int failedToStart(String sentence) {
        err.println("pavel: " + sentence);
        err.flush();
        return 1;
    }

    /** The console on its port, if the configuration asks for one; {@code null} if not, or if it cannot listen. */
    private @Nullable ConsoleServer startConsole(ServerConfig config, Console console) {
        if (!config.hasConsole()) {
            return null;
        }
        ConsoleServer consoleServer =
                new ConsoleServer(ConsoleConfig.newBuilder().port(config.consolePort()).build(), console);
        try {
            consoleServer.start();
            return consoleServer;
        } catch (UncheckedIOException e) {
            err.println("pavel: " + e.getMessage());
            err.flush();
            return null;
        }
    }
}

package pavel.server.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import pavel.server.PavelRoutes;
import pavel.server.PavelServer;
import pavel.server.ServerConfig;
import pavel.server.Version;
import pavel.server.console.Console;
import pavel.server.http.Router;
import pavel.server.ptth.PtthConfig;
import pavel.server.object.ConsoleWorld;
import pavel.server.object.LiveObjects;
import pavel.server.script.ScriptConfig;
import pavel.server.script.ScriptEngine;
import pavel.server.session.SessionRegistry;
import pavel.server.space.SpaceConfig;
import pavel.server.space.Spaces;
import pavel.server.store.MemoryObjectStore;
import pavel.server.store.MemorySpaceStore;
import pavel.server.store.ObjectStore;
import pavel.server.store.SpaceStore;
import pavel.server.store.SqliteWorld;
import org.jspecify.annotations.Nullable;

/**
 * A real {@link PavelServer} on a free loopback port with its own temporary data directory, and an
 * {@link HttpClient} pointed at it. Close it to stop the server and delete the directory.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start()) {
 *     HttpResponse<String> health = server.get("/health");
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final PavelServer server;
    private final @Nullable World world;
    private final Path dataDirectory;
    private final int port;
    private final HttpClient client;

    private TestServer(PavelServer server, @Nullable World world, Path dataDirectory, int port) {
        this.server = server;
        this.world = world;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(REQUEST_TIMEOUT)
                .build();
    }

    /** The server with the production routes. */
    public static TestServer start() {
        return start(PavelRoutes.create(Version.current(), new ObjectMapper()), config -> config);
    }

    /**
     * The server with the production routes, PTTH included, and PTTH timers changed by {@code ptth} (tests use
     * short ones). {@link #sessions()} is the registry both the upgrade and the long-poll routes use.
     */
    public static TestServer startWithPtth(UnaryOperator<PtthConfig.Builder> ptth) {
        PtthConfig config = ptth.apply(PtthConfig.newBuilder()).build();
        SessionRegistry sessions = new SessionRegistry(config);
        try {
            Path data = Files.createTempDirectory("pavel-test-");
            PavelServer server = new PavelServer(
                    ServerConfig.newBuilder().port(0).dataDirectory(data).ptth(config).build(),
                    PavelRoutes.create(Version.current(), new ObjectMapper(), sessions), sessions);
            return new TestServer(server, null, data, server.start());
        } catch (IOException e) {
            sessions.close();
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The whole server as {@code pavel serve} runs it: PTTH with timers changed by {@code ptth}, and the spaces
     * (in memory, with {@code spaces} as their limits), so that sessions join {@code main} as they open.
     */
    public static TestServer startWorld(UnaryOperator<PtthConfig.Builder> ptth, SpaceConfig spaceConfig) {
        return startWorld(ptth, spaceConfig, server -> server);
    }

    /**
     * The whole server with PTTH timers changed by {@code ptth}, the spaces' limits and changes to the server's
     * configuration (which already has port 0, the temporary directory and the PTTH timers), e.g. another bind.
     */
    public static TestServer startWorld(UnaryOperator<PtthConfig.Builder> ptth, SpaceConfig spaceConfig,
            UnaryOperator<ServerConfig.Builder> configure) {
        return startWorld(ptth, spaceConfig, configure, new MemorySpaceStore(10_000), new MemoryObjectStore());
    }

    /**
     * The whole server on a durable world (which the caller opened, and closes after this server): what {@code pavel
     * serve} runs, in this JVM.
     */
    public static TestServer startWorld(SqliteWorld world, SpaceConfig spaceConfig) {
        return startWorld(world, spaceConfig, server -> server);
    }

    /** The whole server on a durable world, with changes to its configuration (a fixed port, to restart on). */
    public static TestServer startWorld(SqliteWorld world, SpaceConfig spaceConfig,
            UnaryOperator<ServerConfig.Builder> configure) {
        return startWorld(ptth -> ptth, spaceConfig, configure, world.spaces(), world.objects());
    }

    /** The whole server on these stores, e.g. one a test holds back or fails. */
    public static TestServer startWorld(SpaceStore spaceStore, ObjectStore objectStore, SpaceConfig spaceConfig) {
        return startWorld(ptth -> ptth, spaceConfig, server -> server, spaceStore, objectStore);
    }

    private static TestServer startWorld(UnaryOperator<PtthConfig.Builder> ptth, SpaceConfig spaceConfig,
            UnaryOperator<ServerConfig.Builder> configure, SpaceStore spaceStore, ObjectStore objectStore) {
        PtthConfig config = ptth.apply(PtthConfig.newBuilder()).build();
        SessionRegistry sessions = new SessionRegistry(config);
        Spaces spaces = new Spaces(spaceStore, sessions, spaceConfig);
        ObjectMapper json = new ObjectMapper();
        ScriptEngine scripts = new ScriptEngine(ScriptConfig.DEFAULTS);
        LiveObjects objects = new LiveObjects(scripts, spaces, sessions, json, objectStore);
        Console console = new Console(scripts, new ConsoleWorld(objects, json));
        try {
            Path data = Files.createTempDirectory("pavel-test-");
            PavelServer server = new PavelServer(
                    configure.apply(ServerConfig.newBuilder().port(0).dataDirectory(data).ptth(config)).build(),
                    PavelRoutes.create(Version.current(), json, sessions, spaces, objects, console), sessions);
            return new TestServer(server, new World(spaces, objects, scripts, console), data, server.start());
        } catch (IOException e) {
            console.close();
            objects.close();
            scripts.close();
            spaces.close();
            sessions.close();
            throw new UncheckedIOException(e);
        }
    }

    /** The whole server with default timers and limits. */
    public static TestServer startWorld() {
        return startWorld(ptth -> ptth, SpaceConfig.DEFAULTS);
    }

    /** The spaces of a server from {@link #startWorld}. */
    public Spaces spaces() {
        return world().spaces();
    }

    /** The live objects of a server from {@link #startWorld}. */
    public LiveObjects objects() {
        return world().objects();
    }

    private World world() {
        if (world == null) {
            throw new IllegalStateException("This server has no world; start it with startWorld.");
        }
        return world;
    }

    /** The console of a server from {@link #startWorld}, e.g. to run a {@code ConsoleServer} on. */
    public Console console() {
        return world().console();
    }

    /** What {@link #startWorld} adds to the server, closed with it. */
    private record World(Spaces spaces, LiveObjects objects, ScriptEngine scripts, Console console)
            implements AutoCloseable {
        @Override
        public void close() {
            console.close();
            objects.close();
            scripts.close();
            spaces.close();
        }
    }

    /** The PTTH sessions of the server. */
    public SessionRegistry sessions() {
        return server.sessions();
    }

    /** The server with the given routes. */
    public static TestServer start(Router router) {
        return start(router, config -> config);
    }

    /**
     * The server with the given routes and configuration changes.
     *
     * @param configure changes to a configuration that already has port 0 and the temporary directory
     */
    public static TestServer start(Router router, UnaryOperator<ServerConfig.Builder> configure) {
        try {
            Path data = Files.createTempDirectory("pavel-test-");
            ServerConfig config = configure.apply(ServerConfig.newBuilder().port(0).dataDirectory(data)).build();
            PavelServer server = new PavelServer(config, router);
            return new TestServer(server, null, data, server.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** The server itself, e.g. to stop it while a request is in flight. */
    public PavelServer server() {
        return server;
    }

    /** The data directory it was given. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The absolute URI of a path on the server; the path is used as given, encoded or not. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The client, for requests the helpers below do not cover. */
    public HttpClient client() {
        return client;
    }

    /** {@code GET path}. */
    public HttpResponse<String> get(String path) {
        return send("GET", path, "");
    }

    /** {@code HEAD path}. */
    public HttpResponse<String> head(String path) {
        return send("HEAD", path, "");
    }

    /** Any method, with a text body (none if empty). */
    public HttpResponse<String> send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .timeout(REQUEST_TIMEOUT)
                .method(method, body.isEmpty()
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + method + " " + path, e);
        }
    }

    /** A raw socket to the server. */
    public RawConnection connect() throws IOException {
        return RawConnection.open(port);
    }

    /** Sends one raw request on a fresh connection and reads the response. */
    public RawResponse exchange(String rawRequest) throws IOException {
        return RawConnection.exchange(port, rawRequest);
    }

    @Override
    public void close() {
        server.stop();
        server.sessions().close();
        if (world != null) {
            world.close();
        }
        client.close();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package pavel.server.console;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console on a TCP port, for {@code nc}: a line REPL with {@code world} in scope, one {@link ConsoleConnection}
 * (and so one REPL) per connection.
 *
 * <pre>{@code
 * try (ConsoleServer server = new ConsoleServer(ConsoleConfig.newBuilder().port(8023).build(), console)) {
 *     server.start();          // printf 'let x = 2\nx * 21\n' | nc -q1 127.0.0.1 8023   prints 42
 * }
 * }</pre>
 *
 * <p>It listens on 127.0.0.1 only, whatever the HTTP server binds to: there are no accounts yet, and the console
 * can change everything. It is a small blocking server rather than a Netty pipeline: each connection evaluates on a
 * platform thread of its own (so no event loop ever waits for a script, and the allocation budget is measured), and
 * there are only {@link ConsoleConfig#maxConnections()} of them; one more is told so and closed.
 *
 * <p>Thread-safe: {@link #start()} and {@link #close()} may be called from any thread, each takes effect once.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final ConsoleConfig config;
    private final Console console;
    private final Map<ConsoleConnection, Thread> open = new ConcurrentHashMap<>();
    private @Nullable ServerSocket listening;
    private @Nullable Thread acceptor;
    private boolean started;
    private volatile boolean closed;

    public ConsoleServer(ConsoleConfig config, Console console) {
        this.config = Objects.requireNonNull(config, "config");
        this.console = Objects.requireNonNull(console, "console");
    }

    /** The address it always listens on: 127.0.0.1, never another. */
    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("127.0.0.1 is a valid address", e);
        }
    }

    /**
     * Starts listening on 127.0.0.1 and logs the address.
     *
     * @return where it listens; the port is the configured one or, for port 0, the one it was given
     * @throws UncheckedIOException with a sentence naming the address when it cannot listen there
     * @throws IllegalStateException if it was started before
     */
    public synchronized InetSocketAddress start() {
        if (started) {
            throw new IllegalStateException("The console server was already started; create a new one.");
        }
        started = true;
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), config.port()), 16);
        } catch (IOException e) {
            closeQuietly(socket);
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().toLowerCase(Locale.ROOT);
            int detail = reason.indexOf(" (");
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + config.port() + " for the console: "
                    + (detail > 0 ? reason.substring(0, detail) : reason) + ".", e);
        }
        listening = socket;
        InetSocketAddress address = (InetSocketAddress) socket.getLocalSocketAddress();
        ServerSocket accepting = socket;
        acceptor = Thread.ofPlatform().name("pavel-console-accept").daemon().start(() -> accept(accepting));
        LOG.info("Console listening on 127.0.0.1:{} (loopback only; try: nc 127.0.0.1 {})", address.getPort(),
                address.getPort());
        return address;
    }

    private void accept(ServerSocket socket) {
        int number = 0;
        while (!closed) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("The console stopped accepting connections", e);
                }
                return;
            }
            // Only this thread adds, so the count cannot grow between the check and the add.
            if (open.size() >= config.maxConnections()) {
                refuse(client);
                continue;
            }
            ConsoleConnection connection = new ConsoleConnection(client, console, config, open::remove);
            Thread thread = Thread.ofPlatform().name("pavel-console-" + (++number)).daemon().unstarted(connection);
            open.put(connection, thread);
            if (closed) {
                connection.close();
            }
            thread.start();
        }
    }

    private void refuse(Socket client) {
        try (client; OutputStream out = client.getOutputStream()) {
            out.write(("The console has " + config.maxConnections() + " connections open already; try again later.\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.debug("Refusing a console connection failed", e);
        }
    }

    /** How many connections are open now. */
    public int connectionCount() {
        return open.size();
    }

    /**
     * Stops listening and closes every connection; waits a little for their threads (an input that is running ends
     * within its budget). Does nothing if it is not running.
     */
    @Override
    public void close() {
        ServerSocket socket;
        Thread accepting;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            socket = listening;
            accepting = acceptor;
        }
        closeQuietly(socket);
        joinQuietly(accepting, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        open.keySet().forEach(ConsoleConnection::close);
        for (Thread thread : open.values()) {
            joinQuietly(thread, deadline);
        }
    }

    private static void joinQuietly(@Nullable Thread thread, long deadline) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(@Nullable ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing the console's socket failed", e);
        }
    }
}

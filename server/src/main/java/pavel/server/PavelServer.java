package pavel.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.server.http.ConnectionEvent;
import pavel.server.http.Router;
import pavel.server.session.Session;
import pavel.server.session.SessionRegistry;

/**
 * The object server: prepares the data directory, listens, and stops gracefully.
 *
 * <pre>{@code
 * PavelServer server = new PavelServer(config, PavelRoutes.create(Version.current(), new ObjectMapper()));
 * int port = server.start();   // port 0 in the config picks a free one
 * ...
 * server.stop();               // drains requests in flight, at most the configured grace
 * }</pre>
 *
 * <p>Owns the Netty event loops, the virtual-thread executor for blocking handlers and the group of open
 * connections. Thread-safe: {@link #start()} and {@link #stop()} may be called from any thread, each
 * takes effect once.
 */
public final class PavelServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PavelServer.class);
    private static final long EVENT_LOOP_SHUTDOWN_SECONDS = 2;

    private final ServerConfig config;
    private final Router router;
    private final Version version;
    private final SessionRegistry sessions;
    private final boolean ownsSessions;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private @Nullable Running running;
    private boolean started;

    /**
     * @param config where to listen and the limits
     * @param router the routes, usually {@link PavelRoutes#create}
     */
    public PavelServer(ServerConfig config, Router router) {
        this(config, router, new SessionRegistry(config.ptth()), true);
    }

    /**
     * A server whose PTTH upgrades join {@code sessions}, the registry its long-poll routes use too (see
     * {@link PavelRoutes#create(Version, ObjectMapper, SessionRegistry)}). The caller keeps owning the registry.
     */
    public PavelServer(ServerConfig config, Router router, SessionRegistry sessions) {
        this(config, router, sessions, false);
    }

    private PavelServer(ServerConfig config, Router router, SessionRegistry sessions, boolean ownsSessions) {
        this.config = Objects.requireNonNull(config, "config");
        this.router = Objects.requireNonNull(router, "router");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.ownsSessions = ownsSessions;
        this.version = Version.current();
    }

    /** The PTTH sessions this server carries. */
    public SessionRegistry sessions() {
        return sessions;
    }

    /**
     * Prepares the data directory and starts listening; logs one line with the URL.
     *
     * @return the port it listens on, the configured one or, for port 0, the one it was given
     * @throws StartupException if the data directory cannot be used or the address cannot be listened on
     * @throws IllegalStateException if it was started before
     */
    public synchronized int start() {
        if (started) {
            throw new IllegalStateException("The server was already started; create a new one to start again.");
        }
        started = true;
        DataDirectory data = DataDirectory.prepare(config.dataDirectory());
        InetSocketAddress requested = new InetSocketAddress(config.bind(), config.port());
        if (requested.isUnresolved()) {
            throw new StartupException("Cannot listen on " + hostAndPort(config.port()) + ": unknown host.");
        }

        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("pavel-accept"), NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(
                0, new DefaultThreadFactory("pavel-io"), NioIoHandler.newFactory());
        ExecutorService handlers = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("pavel-handler-", 0).factory());
        ChannelGroup connections = new DefaultChannelGroup("pavel-connections", GlobalEventExecutor.INSTANCE);

        ChannelFuture bound = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                // A client that half-closes after its request still gets the answer; see IdleConnectionCloser.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new PavelServerInitializer(config, router, handlers, connections, sessions))
                .bind(requested)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Running failed = new Running(bound.channel(), acceptor, workers, handlers, connections);
            failed.release();
            throw new StartupException("Cannot listen on " + hostAndPort(config.port()) + ": "
                    + bindFailure(bound.cause()) + ".", bound.cause());
        }
        Channel channel = bound.channel();
        running = new Running(channel, acceptor, workers, handlers, connections);
        int port = ((InetSocketAddress) channel.localAddress()).getPort();
        log.info("Pavel {} listening on http://{}/ (data: {})", version, hostAndPort(port), data.path());
        if (!requested.getAddress().isLoopbackAddress()) {
            log.warn("{} is not a loopback address and there is no authentication yet: "
                    + "anyone who can reach it can use this server", config.bind());
        }
        return port;
    }

    /**
     * Stops listening, lets requests in flight finish for at most {@link ServerConfig#shutdownGrace()},
     * closes every connection and the event loops, and logs one line. Does nothing if not running.
     */
    public void stop() {
        Running current;
        synchronized (this) {
            current = running;
            running = null;
        }
        if (current == null) {
            return;
        }
        long begin = System.nanoTime();
        current.serverChannel().close().awaitUninterruptibly();
        ChannelGroup connections = current.connections();
        int open = connections.size();
        connections.forEach(connection -> connection.pipeline().fireUserEventTriggered(ConnectionEvent.DRAIN));
        sessions.sessions().forEach(Session::releasePoll); // a held poll would hold its connection to the end
        boolean drained = connections.newCloseFuture()
                .awaitUninterruptibly(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        if (!drained) {
            log.warn("{} connections still busy after {} ms; closing them",
                    connections.size(), config.shutdownGrace().toMillis());
        }
        current.release();
        if (ownsSessions) {
            sessions.close();
        }
        log.info("Pavel stopped ({} connections drained in {} ms)",
                open, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        stopped.countDown();
    }

    /** Waits until {@link #stop()} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private String hostAndPort(int port) {
        String host = config.bind();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String bindFailure(@Nullable Throwable cause) {
        if (cause instanceof BindException && cause.getMessage() != null) {
            String message = cause.getMessage();
            int detail = message.indexOf(" (");
            message = detail > 0 ? message.substring(0, detail) : message;
            return message.toLowerCase(Locale.ROOT);
        }
        return cause == null ? "unknown error" : cause.toString();
    }

    /** What a running server holds; released in order: connections, event loops, handler threads. */
    private record Running(Channel serverChannel, EventLoopGroup acceptor, EventLoopGroup workers,
            ExecutorService handlers, ChannelGroup connections) {

        void release() {
            connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            handlers.shutdownNow();
            Future<?> acceptorDone = acceptor.shutdownGracefully(0, EVENT_LOOP_SHUTDOWN_SECONDS, TimeUnit.SECONDS);
            Future<?> workersDone = workers.shutdownGracefully(0, EVENT_LOOP_SHUTDOWN_SECONDS, TimeUnit.SECONDS);
            acceptorDone.awaitUninterruptibly(EVENT_LOOP_SHUTDOWN_SECONDS + 1, TimeUnit.SECONDS);
            workersDone.awaitUninterruptibly(EVENT_LOOP_SHUTDOWN_SECONDS + 1, TimeUnit.SECONDS);
        }
    }
}

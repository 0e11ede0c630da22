package pavel.desktop.ptth;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PTTH client (A in PTTH.md, upgrade flavour): connects to the server's PTTH endpoint, upgrades, then answers
 * the server's requests with a {@link ReverseHandler} until the connection ends, and reconnects with back-off,
 * resuming its session. Usable by the desktop app and by load generators (many clients may share one
 * {@link EventLoopGroup}).
 *
 * <pre>{@code
 * ReverseRouter router = ReverseRouter.builder()
 *         .on("PUT", "/doc/**", req -> { replica.apply(req); return ReverseReplies.noContent(req); })
 *         .build();
 * PtthClient client = new PtthClient(
 *         PtthClientConfig.newBuilder(URI.create("http://127.0.0.1:8080/ptth")).viewSpaces(List.of("main")).build(),
 *         router, event -> log.info("PTTH {}", event));
 * client.connect();
 * ...
 * client.close();
 * }</pre>
 *
 * <p>Long-poll fallback: if the server answers the handshake with a poll answer ({@code 200 application/json}) or
 * a new queue ({@code 201} + {@code Location}), the client polls that queue (PTTH.md §2.3) with the same handler
 * and reconnects to the queue until the server says it is gone (404/410); then it handshakes afresh.
 *
 * <p>Session (Pavel profile, PTTH.md §0; {@link PtthClientConfig#openSessionFirst()}, the default): while it knows no
 * session queue, the client first opens a session with {@code POST <endpoint>} <em>without</em> {@code Upgrade}
 * (sending {@code Pavel-Session} if it has an id, {@code Pavel-View} and the extra fields), remembers the id and the
 * queue URI of the {@code 201}/{@code 200} answer, and upgrades on that queue URI, on the same connection. Every
 * reconnect upgrades on the queue URI again, with {@code Pavel-Session}, so the session and its queued requests
 * survive a dropped socket. If the queue is gone ({@code 404}/{@code 410}) the client forgets both, backs off and
 * opens a new session; {@link ConnectionListener#sessionStarted} tells the app to resync. With
 * {@code openSessionFirst(false)} the client upgrades on the endpoint directly (any PTTH server, TV-1); if that
 * server's {@code 101} carries {@code Pavel-Session: <id>}, the id is kept and sent on every later handshake.
 *
 * <p>Thread-safe. The connect loop runs on one event loop: listeners are called there, in order.
 */
public final class PtthClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PtthClient.class);

    private final PtthClientConfig config;
    private final ReverseHandler handler;
    private final ConnectionListener listener;
    private final @Nullable EventLoopGroup ownGroup;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final @Nullable SslContext ssl;
    private final ReconnectPolicy policy;

    // Owned by loop:
    private String token;
    private @Nullable String queueTarget;
    /** The queue URI (path) of this client's own session, where it upgrades; null until a session is opened. */
    private volatile @Nullable String sessionQueue;
    private @Nullable Channel channel;
    private @Nullable HandshakeOutcome outcome;
    private Instant upSince = Instant.EPOCH;
    private @Nullable ScheduledFuture<?> retry;
    private boolean started;
    private boolean closed;

    // Read from any thread:
    private volatile ConnectionState state = ConnectionState.CLOSED;
    private volatile @Nullable String sessionId;

    public PtthClient(PtthClientConfig config, ReverseHandler handler) {
        this(config, handler, ConnectionListener.none());
    }

    public PtthClient(PtthClientConfig config, ReverseHandler handler, ConnectionListener listener) {
        this(config, handler, listener, null);
    }

    /**
     * @param group the event loops to share with other clients, or null for one of its own (shut down by
     *     {@link #close()}); a shared group stays the caller's to shut down
     */
    public PtthClient(PtthClientConfig config, ReverseHandler handler, ConnectionListener listener,
            @Nullable EventLoopGroup group) {
        this.config = Objects.requireNonNull(config, "config");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.ownGroup = group == null ? new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()) : null;
        this.loop = (group == null ? ownGroup : group).next();
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.TCP_NODELAY, true);
        this.ssl = config.isTls() ? clientTls() : null;
        this.policy = new ReconnectPolicy(config);
        this.token = config.offeredToken();
        this.sessionId = config.sessionId();
    }

    /** Starts the connect loop; returns at once. Calling it again does nothing; after {@link #close()} it throws. */
    public void connect() {
        if (loop.isShuttingDown()) {
            throw new IllegalStateException("This PTTH client to " + config.serverUri() + " is closed; make a new one.");
        }
        loop.execute(() -> {
            if (!started && !closed) {
                started = true;
                attempt();
            }
        });
    }

    /** Closes the connection, stops reconnecting and, if it made its own, shuts its event loop down. */
    @Override
    public void close() {
        Runnable stop = () -> {
            if (closed) {
                return;
            }
            closed = true;
            if (retry != null) {
                retry.cancel(false);
            }
            if (channel != null) {
                channel.close();
            }
            changeState(ConnectionState.CLOSED, "closed by the application", Duration.ZERO);
        };
        if (loop.inEventLoop()) {
            stop.run();
        } else if (!loop.isShuttingDown()) {
            loop.submit(stop).syncUninterruptibly();
        }
        if (ownGroup != null) {
            var done = ownGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            if (!loop.inEventLoop()) {
                done.syncUninterruptibly();
            }
        }
    }

    public ConnectionState state() {
        return state;
    }

    /** The session id the server gave (or the configured one), sent on the next handshake; null if none. */
    public @Nullable String sessionId() {
        return sessionId;
    }

    /**
     * The queue URI (path) of the session the client opened, where it upgrades and resumes; null before it opened
     * one, after the session was lost, and with {@code openSessionFirst(false)}. A capability: never log it.
     */
    public @Nullable String sessionQueue() {
        return sessionQueue;
    }

    public PtthClientConfig config() {
        return config;
    }

    private void attempt() {
        if (closed) {
            return;
        }
        retry = null;
        outcome = null;
        changeState(ConnectionState.CONNECTING, "", Duration.ZERO);
        HandshakeRequest request;
        boolean open = config.openSessionFirst() && sessionQueue == null && queueTarget == null;
        try {
            request = HandshakeRequest.of(config, sessionQueue == null ? config.target() : sessionQueue, token, sessionId);
        } catch (RuntimeException e) {
            LOG.warn("Cannot build the PTTH handshake", e);
            ended(new HandshakeOutcome.BackOff("cannot build the handshake: " + e.getMessage()));
            return;
        }
        ChannelFuture connecting = bootstrap.clone()
                .handler(new PtthClientInitializer(config, handler, request, this::handshakeDone, ssl, queueTarget,
                        open ? this::sessionOpened : null))
                .connect(config.serverUri().getHost(), config.port());
        channel = connecting.channel();
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                ended(new HandshakeOutcome.BackOff("cannot connect to " + config.authority() + ": " + f.cause()));
            } else {
                connecting.channel().closeFuture().addListener(c -> ended(outcome == null
                        ? new HandshakeOutcome.BackOff("connection closed") : outcome));
            }
        });
    }

    /** The server named our session (on the connection's event loop, which is {@link #loop}); upgrade on its queue. */
    private HandshakeRequest sessionOpened(String id, String queue, boolean created) {
        boolean fresh = created || !id.equals(sessionId);
        sessionId = id;
        sessionQueue = queue;
        LOG.debug("PTTH session {} ({})", created ? "opened" : "resumed", fresh ? "new" : "same");
        if (fresh) {
            try {
                listener.sessionStarted(id);
            } catch (RuntimeException e) {
                LOG.warn("Connection listener failed on a new session", e);
            }
        }
        return HandshakeRequest.of(config, queue, token, id);
    }

    private void handshakeDone(HandshakeOutcome o) {
        outcome = o;
        if (o instanceof HandshakeOutcome.Upgraded up) {
            upSince = config.clock().instant();
            if (up.sessionId() != null) {
                sessionId = up.sessionId();
            }
            changeState(ConnectionState.UPGRADED, o.detail(), Duration.ZERO);
        } else if (o instanceof HandshakeOutcome.LongPoll poll) {
            upSince = config.clock().instant();
            if (!poll.queueTarget().equals(sessionQueue)) {
                queueTarget = poll.queueTarget(); // a foreign long-poll queue; ours is upgraded on again next time
            }
            changeState(ConnectionState.LONG_POLL_FALLBACK, o.detail(), Duration.ZERO);
        }
    }

    private void ended(HandshakeOutcome o) {
        channel = null;
        if (closed) {
            return;
        }
        boolean wasUp = o instanceof HandshakeOutcome.Upgraded || o instanceof HandshakeOutcome.LongPoll;
        Duration upFor = wasUp ? Duration.between(upSince, config.clock().instant()) : Duration.ZERO;
        String detail = wasUp ? "connection closed after " + upFor.toMillis() + " ms" : o.detail();
        if (sessionQueue != null && (o instanceof HandshakeOutcome.QueueGone
                || o instanceof HandshakeOutcome.GiveUp g && (g.status() == 404 || g.status() == 410))) {
            LOG.info("PTTH session is gone ({}); opening a new one", o.detail());
            sessionQueue = null;
            sessionId = null;
            o = new HandshakeOutcome.QueueGone(o.detail());
            detail = o.detail();
        }
        if (o instanceof HandshakeOutcome.QueueGone || o instanceof HandshakeOutcome.Upgraded) {
            queueTarget = null; // handshake afresh next time
        }
        if (o instanceof HandshakeOutcome.BackOff b && b.nextToken() != null) {
            token = b.nextToken();
        }
        Duration delay = policy.delayAfter(o, upFor);
        if (delay == null) {
            LOG.warn("PTTH client stops: {}", detail);
            changeState(ConnectionState.STOPPED, detail, Duration.ZERO);
        } else if (delay.isZero()) {
            LOG.debug("PTTH reconnecting at once: {}", detail);
            loop.execute(this::attempt);
        } else {
            LOG.info("PTTH reconnecting in {} ms: {}", delay.toMillis(), detail);
            changeState(ConnectionState.BACKING_OFF, detail, delay);
            retry = loop.schedule(this::attempt, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void changeState(ConnectionState next, String detail, Duration delay) {
        state = next;
        try {
            listener.stateChanged(new ConnectionEvent(next, detail, delay, sessionId));
        } catch (RuntimeException e) {
            LOG.warn("Connection listener failed on {}", next, e);
        }
    }

    private static SslContext clientTls() {
        try {
            return SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot set up TLS for the PTTH client: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PtthClient{" + config.serverUri() + ", " + state + "}";
    }
}

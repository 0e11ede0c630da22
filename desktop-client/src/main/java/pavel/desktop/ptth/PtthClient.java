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
 * <p>Session: if the server's {@code 101} carries {@code Pavel-Session: <id>}, that id is kept and sent as
 * {@code Pavel-Session} on every later handshake, so a reconnect resumes the session; without it the configured
 * id (if any) is sent.
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
        try {
            request = HandshakeRequest.of(config, token, sessionId);
        } catch (RuntimeException e) {
            LOG.warn("Cannot build the PTTH handshake", e);
            ended(new HandshakeOutcome.BackOff("cannot build the handshake: " + e.getMessage()));
            return;
        }
        ChannelFuture connecting = bootstrap.clone()
                .handler(new PtthClientInitializer(config, handler, request, this::handshakeDone, ssl, queueTarget))
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
            queueTarget = poll.queueTarget();
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

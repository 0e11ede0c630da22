package pavel.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import pavel.server.http.BodyLimitAggregator;
import pavel.server.http.IdleConnectionCloser;
import pavel.server.http.LingeringClose;
import pavel.server.http.MalformedRequestHandler;
import pavel.server.http.RequestDispatcher;
import pavel.server.http.Router;
import pavel.server.ptth.PtthUpgradeHandler;
import pavel.server.session.SessionRegistry;

/**
 * Builds each connection's pipeline, one handler per concern, in this order:
 *
 * <ol>
 *   <li>{@code idle}: signals a connection without traffic for the idle timeout;
 *   <li>{@code codec}: HTTP/1.1 bytes to messages and back, limiting the request line and the header
 *       section to {@link ServerConfig#maxHeadBytes()} each;
 *   <li>{@code keepAlive}: keeps the connection open or closes it after each response, as HTTP says;
 *   <li>{@code idleCloser}: closes the connection when idle or draining, but never under a request;
 *   <li>{@code bodyLimit}: collects bodies up to {@link ServerConfig#maxBodyBytes()}, refusing larger ones;
 *   <li>{@code malformed}: refuses what the codec could not parse and requests without a proper Host;
 *   <li>{@code ptth}: switches the connection to PTTH on an upgrade handshake (when a session registry is given);
 *   <li>{@code dispatcher}: routes, runs the handler, writes the response in request order.
 * </ol>
 *
 * <p>Later protocols change the pipeline on events (a PTTH upgrade replaces the HTTP stages after the
 * upgrade response). Also adds every connection to the server's channel group, so stopping can drain them.
 * Thread-safe: it only reads its final fields.
 */
public final class PavelServerInitializer extends ChannelInitializer<Channel> {

    private final ServerConfig config;
    private final Router router;
    private final Executor blockingExecutor;
    private final ChannelGroup connections;
    private final @Nullable SessionRegistry sessions;

    /**
     * @param config the limits and timeouts
     * @param router the routes
     * @param blockingExecutor runs handlers that may block
     * @param connections where to register each connection
     */
    public PavelServerInitializer(
            ServerConfig config, Router router, Executor blockingExecutor, ChannelGroup connections) {
        this(config, router, blockingExecutor, connections, null);
    }

    /**
     * @param config the limits and timeouts
     * @param router the routes
     * @param blockingExecutor runs handlers that may block
     * @param connections where to register each connection
     * @param sessions where PTTH handshakes find or create their session; null for a server without PTTH upgrades
     */
    public PavelServerInitializer(ServerConfig config, Router router, Executor blockingExecutor,
            ChannelGroup connections, @Nullable SessionRegistry sessions) {
        this.sessions = sessions;
        this.config = Objects.requireNonNull(config, "config");
        this.router = Objects.requireNonNull(router, "router");
        this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    /** How much of a refused body is read and dropped, at most, so that the client sees the 413. */
    private static final long LINGER_MAX_BYTES = 16L * 1024 * 1024;
    private static final Duration LINGER_MAX_TIME = Duration.ofSeconds(2);

    @Override
    protected void initChannel(Channel channel) {
        connections.add(channel);
        HttpDecoderConfig decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxHeadBytes())
                .setMaxHeaderSize(config.maxHeadBytes());
        channel.pipeline()
                .addLast("linger", new LingeringClose(LINGER_MAX_BYTES, LINGER_MAX_TIME))
                .addLast("idle", new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .addLast("codec", new HttpServerCodec(decoding))
                .addLast("keepAlive", new HttpServerKeepAliveHandler())
                .addLast("idleCloser", new IdleConnectionCloser())
                .addLast("bodyLimit", new BodyLimitAggregator(config.maxBodyBytes()))
                .addLast("malformed", new MalformedRequestHandler(config.maxHeadBytes()));
        if (sessions != null) {
            channel.pipeline().addLast("ptth",
                    new PtthUpgradeHandler(sessions, config.maxHeadBytes(), config.maxBodyBytes()));
        }
        channel.pipeline().addLast("dispatcher", new RequestDispatcher(router, blockingExecutor));
    }
}

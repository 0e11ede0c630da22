package pavel.desktop.ptth;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Builds the pipeline of one PTTH connection, in both of its lives. Before the switch:
 * {@code [tls] → http-client → handshake}, preceded, when the client has no session yet, by
 * {@code http-client → aggregator → open-session} for the {@code POST} that opens one ({@link SessionOpener}). After a {@code 101} the handshake handler asks for the server role,
 * and the pipeline becomes {@code [tls] → http-server → aggregator → dead-peer-timer → dead-peer → guard →
 * dispatcher}: A is now an HTTP/1.1 server on a socket it opened, never on a listening one (PTTH.md §5.1.1).
 * If B answers with the long-poll flavour instead, or the client already knows its queue, the pipeline is
 * {@code [tls] → http-client → aggregator → poll-timer → dead-peer → long-poll}.
 */
final class PtthClientInitializer extends ChannelInitializer<Channel> {
    private final PtthClientConfig config;
    private final ReverseHandler handler;
    private final HandshakeRequest request;
    private final Consumer<HandshakeOutcome> outcomes;
    private final @Nullable SslContext ssl;
    private final @Nullable String queueTarget;
    private final SessionOpener.@Nullable Opened opening;

    /**
     * @param queueTarget a long-poll queue to poll at once instead of handshaking, or null to handshake
     */
    PtthClientInitializer(PtthClientConfig config, ReverseHandler handler, HandshakeRequest request,
            Consumer<HandshakeOutcome> outcomes, @Nullable SslContext ssl, @Nullable String queueTarget) {
        this(config, handler, request, outcomes, ssl, queueTarget, null);
    }

    /**
     * @param opening if not null, open the session first ({@code POST} without {@code Upgrade}, see
     *     {@link SessionOpener}), then send the handshake {@code opening} returns on the same connection
     */
    PtthClientInitializer(PtthClientConfig config, ReverseHandler handler, HandshakeRequest request,
            Consumer<HandshakeOutcome> outcomes, @Nullable SslContext ssl, @Nullable String queueTarget,
            SessionOpener.@Nullable Opened opening) {
        this.opening = opening;
        this.config = config;
        this.handler = handler;
        this.request = request;
        this.outcomes = outcomes;
        this.ssl = ssl;
        this.queueTarget = queueTarget;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (ssl != null) {
            p.addLast("tls", ssl.newHandler(ch.alloc(), config.serverUri().getHost(), config.port()));
        }
        p.addLast("http-client", new HttpClientCodec());
        if (queueTarget != null) {
            installLongPoll(p, "http-client", queueTarget, null);
            return;
        }
        if (opening != null) {
            p.addLast("aggregator", new HttpObjectAggregator(config.maxContentLength()));
            p.addLast("open-session", new SessionOpener(request, config.handshakeTimeout(), config.clock(), outcomes,
                    opening, (ctx, after, next) -> ctx.pipeline().addAfter(after, "handshake", handshake(next))));
            return;
        }
        p.addLast("handshake", handshake(request));
    }

    /** A's side of the upgrade handshake, installing the server role or the long-poll flavour after it. */
    private PtthHandshakeHandler handshake(HandshakeRequest request) {
        return new PtthHandshakeHandler(request, config.handshakeTimeout(), config.clock(), outcomes,
                new PtthHandshakeHandler.Roles() {
                    @Override
                    public void installServer(ChannelPipeline pipeline, String after) {
                        installServerRole(pipeline, after);
                    }

                    @Override
                    public void installLongPoll(ChannelPipeline pipeline, String after, String queue,
                            @Nullable String firstAnswer) {
                        PtthClientInitializer.this.installLongPoll(pipeline, after, queue, firstAnswer);
                    }
                }, config.maxContentLength());
    }

    /**
     * The long-poll flavour behind {@code after}: {@code http-client → aggregator → poll-timer → dead-peer →
     * long-poll}; the client codec stays.
     */
    void installLongPoll(ChannelPipeline p, String after, String queue, @Nullable String firstAnswer) {
        p.addAfter(after, "aggregator", new HttpObjectAggregator(config.maxContentLength()));
        p.addAfter("aggregator", "poll-timer",
                new IdleStateHandler(config.longPollReadTimeout().toNanos(), 0, 0, TimeUnit.NANOSECONDS));
        p.addAfter("poll-timer", "dead-peer", new DeadPeerHandler());
        p.addAfter("dead-peer", "long-poll", new LongPollHandler(queue, config.authority(), config.extraHeaders(),
                handler, config.handlerExecutor(), outcomes, firstAnswer));
    }

    /** The server role, right behind {@code after} (the handshake handler, which then removes itself). */
    void installServerRole(ChannelPipeline p, String after) {
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxInitialLineLength())
                .setMaxHeaderSize(config.maxHeaderSize());
        p.addAfter(after, "http-server", new HttpServerCodec(decoder));
        p.addAfter("http-server", "aggregator", new ReverseRequestAggregator(config.maxContentLength()));
        p.addAfter("aggregator", "dead-peer-timer",
                new IdleStateHandler(config.deadPeerTimeout().toNanos(), 0, 0, TimeUnit.NANOSECONDS));
        p.addAfter("dead-peer-timer", "dead-peer", new DeadPeerHandler());
        p.addAfter("dead-peer", "guard", new ReverseRequestGuard());
        p.addAfter("guard", "dispatcher", new ReverseRequestDispatcher(handler, config.handlerExecutor(),
                config.maxConcurrentHandlers()));
    }
}

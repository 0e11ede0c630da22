package pavel.server.ptth;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.server.http.HttpStatusException;
import pavel.server.http.Rejection;
import pavel.server.http.SameOrigin;
import pavel.server.session.Flavour;
import pavel.server.session.Session;
import pavel.server.session.SessionRegistry;

/**
 * Switches a connection to PTTH (PTTH.md §2.2.2–2.2.4) when a complete request to {@code /ptth} or a queue URI
 * offers {@code PTTH/1.0} or {@code PTTH/0.9} (see {@link UpgradeOffer}): writes exactly the {@code 101} of
 * §2.2.3, then replaces the HTTP server stages with {@code HttpClientCodec}, an aggregator, an idle timer and a
 * {@link ReverseExchangeHandler} for the request's session. The handshake body was already read (and is
 * discarded), {@code Expect: 100-continue} already answered by the body aggregator before it.
 *
 * <p>The session is the one {@code Pavel-Session} names, or the queue's; otherwise (no header, unknown or
 * expired id) a new one. On a queue URI B refuses the upgrade, and the request is answered as an ordinary poll
 * (TV-3), when the request carries a body (answers: it is a poll) or the session is already carried by an
 * upgraded connection elsewhere. Refusals with a status: {@code 403} for a foreign {@code Origin}, {@code 413} for
 * a handshake body over {@link PtthConfig#maxHandshakeBodyBytes()}, {@code 429} when the session has all its
 * connections. Everything else passes on unchanged. If responses to earlier pipelined requests are still owed,
 * the switch waits until they are written.
 *
 * <p>Per-connection state (responses owed, a deferred switch), touched only on the event loop; one instance per
 * connection, placed just before the dispatcher.
 */
public final class PtthUpgradeHandler extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(PtthUpgradeHandler.class);
    /** The HTTP server stages {@link pavel.server.PavelServerInitializer} installs, removed on the switch. */
    private static final List<String> HTTP_STAGES =
            List.of("idle", "keepAlive", "idleCloser", "bodyLimit", "malformed", "dispatcher");

    private final SessionRegistry sessions;
    private final PtthConfig config;
    private final int maxHeadBytes;
    private final int maxBodyBytes;
    private int owed;
    private @Nullable Runnable deferred;

    /**
     * @param sessions where sessions are found and created
     * @param maxHeadBytes the head limit for the client codec's responses
     * @param maxBodyBytes the body limit for the responses
     */
    public PtthUpgradeHandler(SessionRegistry sessions, int maxHeadBytes, int maxBodyBytes) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.config = sessions.config();
        this.maxHeadBytes = maxHeadBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request) {
            String token = UpgradeOffer.select(request, config.legacyNoConnectionHeader());
            if (token != null && handshake(ctx, request, token)) {
                return;
            }
        }
        owed++;
        ctx.fireChannelRead(msg);
    }

    /**
     * The PTTH endpoints: {@code /ptth}, and {@code /pavel/ptth}, the example path of PTTH.md's test vectors, so that
     * their handshakes work byte for byte against a real server.
     */
    static final List<String> ENDPOINTS = List.of("/ptth", "/pavel/ptth");

    static boolean isEndpoint(String path) {
        return ENDPOINTS.contains(path);
    }

    /** True if the request was consumed (switched, deferred or refused with a status). */
    private boolean handshake(ChannelHandlerContext ctx, FullHttpRequest request, String token) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        String queueKey = path.startsWith("/ptth/q/") ? path.substring("/ptth/q/".length()) : null;
        if (!isEndpoint(path) && (queueKey == null || queueKey.isEmpty() || queueKey.contains("/"))) {
            return false;
        }
        Session session;
        boolean takeOver = false;
        if (queueKey != null) {
            session = sessions.findByQueueKey(queueKey);
            if (session == null || request.content().isReadable()) {
                return false; // answered by the poll handler: 404/410, or the long-poll answer (TV-3)
            }
            if (session.hasConnection()) {
                if (!session.id().equals(request.headers().get("Pavel-Session", "").trim())) {
                    return false; // the long-poll answer (TV-3)
                }
                // The same client again (it names its session): its old socket is dead or dying; this one replaces it.
                takeOver = true;
            }
        } else {
            session = null;
        }
        HttpStatusException refusal = refusal(request);
        if (refusal != null) {
            refuse(ctx, request, path, refusal);
            return true;
        }
        if (takeOver) {
            session.retireConnections();
        }
        String viewHeader = request.headers().get("Pavel-View");
        String versions = request.headers().get("Pavel-Version");
        boolean created = false;
        if (session == null) {
            String id = request.headers().get("Pavel-Session");
            session = id == null ? null : sessions.find(id.trim());
            if (session == null) {
                session = sessions.create("anonymous", Flavour.UPGRADE, view(viewHeader), versions);
                created = true;
            }
        }
        Session chosen = session;
        ReverseExchangeHandler exchanges = new ReverseExchangeHandler(chosen, config, sessions.metrics(), ctx.channel());
        if (!chosen.attach(exchanges)) {
            refuse(ctx, request, path, new HttpStatusException(HttpResponseStatus.TOO_MANY_REQUESTS,
                    "Session " + chosen.id() + " already has " + config.maxConnectionsPerSession()
                            + " PTTH connections.", Map.of(), Map.of("retry-after", "5")));
            return true;
        }
        if (!created && queueKey == null) {
            // Resumed on the endpoint: tell the spaces what the replicas hold. An upgrade on the queue URI just
            // carries on: the session's queue kept everything the client has not answered.
            sessions.resume(chosen, viewHeader == null ? null : view(viewHeader), versions);
        }
        request.release();
        Runnable upgrade = () -> switchProtocols(ctx, token, exchanges);
        if (owed > 0) {
            deferred = upgrade;
            ctx.channel().config().setAutoRead(false);
        } else {
            upgrade.run();
        }
        return true;
    }

    private @Nullable HttpStatusException refusal(FullHttpRequest request) {
        if (!SameOrigin.allows(request.headers().get(HttpHeaderNames.ORIGIN), request.headers().get(HttpHeaderNames.HOST))) {
            return new HttpStatusException(HttpResponseStatus.FORBIDDEN,
                    "PTTH handshakes are accepted only from this server's own origin.");
        }
        if (request.content().readableBytes() > config.maxHandshakeBodyBytes()) {
            return new HttpStatusException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "A PTTH handshake may carry at most " + config.maxHandshakeBodyBytes() + " bytes of body.",
                    Map.of("limit", config.maxHandshakeBodyBytes()), Map.of());
        }
        return null;
    }

    private void refuse(ChannelHandlerContext ctx, FullHttpRequest request, String path, HttpStatusException error) {
        Rejection rejection = new Rejection(request.method(), path, error);
        request.release();
        owed++;
        ctx.fireChannelRead(rejection);
    }

    private void switchProtocols(ChannelHandlerContext ctx, String token, ReverseExchangeHandler exchanges) {
        ChannelPipeline pipeline = ctx.pipeline();
        ByteBuf head = Unpooled.copiedBuffer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: " + token
                + "\r\nConnection: Upgrade\r\n\r\n", StandardCharsets.US_ASCII);
        // From the first context the 101 goes straight to the socket, past the HTTP server encoder.
        Objects.requireNonNull(pipeline.firstContext(), "pipeline").writeAndFlush(head)
                .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        HttpDecoderConfig decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(maxHeadBytes)
                .setMaxHeaderSize(maxHeadBytes);
        pipeline.addAfter("codec", "ptthCodec", new HttpClientCodec(decoding, false, false));
        pipeline.addAfter("ptthCodec", "ptthAggregator", new HttpObjectAggregator(maxBodyBytes));
        for (String stage : HTTP_STAGES) {
            if (pipeline.get(stage) != null) {
                pipeline.remove(stage);
            }
        }
        pipeline.remove(this);
        pipeline.addFirst("ptthIdle", new IdleStateHandler(
                0, 0, config.heartbeat().toMillis(), TimeUnit.MILLISECONDS));
        pipeline.addLast("ptthExchanges", exchanges);
        // Last: bytes the server codec had buffered after the handshake now reach the client codec.
        pipeline.remove("codec");
        ctx.channel().config().setAutoRead(true);
        log.debug("{} upgraded to {} on {}", exchanges.session(), token, ctx.channel().remoteAddress());
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean last = msg instanceof LastHttpContent
                && !(msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL);
        if (last) {
            owed = Math.max(0, owed - 1);
            Runnable upgrade = deferred;
            if (owed == 0 && upgrade != null) {
                deferred = null;
                ctx.write(msg, promise.unvoid()).addListener(done -> ctx.executor().execute(upgrade));
                return;
            }
        }
        ctx.write(msg, promise);
    }

    /** The spaces a {@code Pavel-View} header names; {@code main} without one. */
    static List<String> view(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return List.of("main");
        }
        return Arrays.stream(header.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}

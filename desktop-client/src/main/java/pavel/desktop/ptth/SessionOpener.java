package pavel.desktop.ptth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.ptth.Header;

/**
 * Opens (or, with {@code Pavel-Session}, resumes) a Pavel session before the upgrade (PTTH.md §0): sends the
 * handshake's fields on {@code POST <endpoint>} <em>without</em> {@code Upgrade}, reads the {@code 201} (new) or
 * {@code 200} (resumed) JSON {@code {"session": "...", "queue": "..."}}, tells {@link Opened}, and on the same
 * connection hands over to the handshake that {@code Opened} returns (an upgrade on the queue URI, which resumes
 * that session on the socket). The server's {@code 101} stays exactly the one of §2.2.3, yet the client knows its
 * session and can resume it after a dropped socket. Any other answer is classified as a handshake refusal
 * (§2.2.6), reported once to {@code outcomes}, and the connection is closed.
 *
 * <p>Sits behind an {@code HttpClientCodec} and an aggregator named {@code aggregator}, which it removes with itself.
 * One instance per channel; all state is touched on the channel's event loop only.
 */
final class SessionOpener extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SessionOpener.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Told on the channel's event loop when the server named the session; answers the handshake to send next. */
    @FunctionalInterface
    interface Opened {
        /**
         * @param sessionId the session's id ({@code Pavel-Session})
         * @param queueTarget path (and query) of its queue URI, where the upgrade resumes it
         * @param created true for {@code 201} (a new session), false for {@code 200} (the one named was resumed)
         */
        HandshakeRequest opened(String sessionId, String queueTarget, boolean created);
    }

    /** Installs the handshake handler for {@code next} right behind the named handler. */
    @FunctionalInterface
    interface Continuation {
        void installHandshake(ChannelHandlerContext ctx, String after, HandshakeRequest next);
    }

    private final HandshakeRequest request;
    private final Duration timeout;
    private final InstantSource clock;
    private final Consumer<HandshakeOutcome> outcomes;
    private final Opened opened;
    private final Continuation continuation;
    private boolean sent;
    private boolean done;
    private @Nullable ScheduledFuture<?> timer;

    /**
     * @param request the handshake whose target and fields the open request carries (its token is not offered)
     */
    SessionOpener(HandshakeRequest request, Duration timeout, InstantSource clock, Consumer<HandshakeOutcome> outcomes,
            Opened opened, Continuation continuation) {
        this.request = request;
        this.timeout = timeout;
        this.clock = clock;
        this.outcomes = outcomes;
        this.opened = opened;
        this.continuation = continuation;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            send(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        send(ctx);
        ctx.fireChannelActive();
    }

    private void send(ChannelHandlerContext ctx) {
        if (sent) {
            return;
        }
        sent = true;
        timer = ctx.executor().schedule(() -> fail(ctx, new HandshakeOutcome.BackOff(
                "no answer to the session request within " + timeout.toMillis() + " ms")),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        ctx.writeAndFlush(toHttp(request)).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                fail(ctx, new HandshakeOutcome.BackOff("cannot send the session request: " + f.cause()));
            }
        });
    }

    /** {@code POST <target>}: {@code Host}, {@code Accept}, the handshake's Pavel and extra fields, no body. */
    static FullHttpRequest toHttp(HandshakeRequest request) {
        FullHttpRequest open = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, request.target(),
                Unpooled.EMPTY_BUFFER);
        open.headers().add("Host", request.authority());
        open.headers().add("Accept", "application/json");
        for (Header h : request.fields()) {
            open.headers().add(h.name(), h.value());
        }
        open.headers().add("Content-Length", "0");
        return open;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done || !(msg instanceof FullHttpResponse response)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            int status = response.status().code();
            if (!response.decoderResult().isSuccess()) {
                fail(ctx, new HandshakeOutcome.BackOff("malformed answer to the session request"));
            } else if (status == 200 || status == 201) {
                Session session = session(response.content().toString(StandardCharsets.UTF_8));
                if (session == null) {
                    fail(ctx, new HandshakeOutcome.GiveUp(status,
                            "session request answered " + status + " without {\"session\",\"queue\"}: not a Pavel endpoint"));
                } else {
                    switchToHandshake(ctx, opened.opened(session.id(), session.queueTarget(), status == 201));
                }
            } else {
                fail(ctx, PtthHandshakeHandler.refusal(response, clock, "session request"));
            }
        } finally {
            response.release();
        }
    }

    private void switchToHandshake(ChannelHandlerContext ctx, HandshakeRequest next) {
        cancelTimer();
        done = true;
        if (ctx.pipeline().get("aggregator") != null) {
            ctx.pipeline().remove("aggregator");
        }
        continuation.installHandshake(ctx, ctx.name(), next);
        ctx.pipeline().remove(this);
    }

    private record Session(String id, String queueTarget) {}

    /** The {@code session} and {@code queue} members, or null when the body is not such an object. */
    private static @Nullable Session session(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.path("session").isTextual() || !root.path("queue").isTextual()) {
                return null;
            }
            String id = root.get("session").asText();
            String queue = root.get("queue").asText();
            if (id.isEmpty() || !queue.startsWith("/")) {
                return null;
            }
            new Header("Pavel-Session", id); // throws on a value that cannot be sent back
            return new Session(id, queue);
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("Unreadable session answer: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done) {
            cancelTimer();
            done = true;
            outcomes.accept(new HandshakeOutcome.BackOff("connection closed before the session answer"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (done) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        fail(ctx, new HandshakeOutcome.BackOff("session request failed: " + cause));
    }

    private void fail(ChannelHandlerContext ctx, HandshakeOutcome outcome) {
        cancelTimer();
        if (done) {
            return;
        }
        done = true;
        LOG.debug("PTTH session request to {}: {}", request.authority(), outcome.detail());
        outcomes.accept(outcome);
        ctx.close();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}

package pavel.desktop.ptth;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A's side of the handshake (PTTH.md §2.2.1, §2.2.6), behind an {@link HttpClientCodec}: sends the handshake when
 * the channel becomes active and nothing else until the response head is in; skips interim {@code 1xx}; on a
 * {@code 101} that names the offered token, has the server role installed behind itself, hands every byte that
 * followed the {@code 101} to it (TV-1), and removes the client codec and itself. A {@code 200 application/json}
 * (a poll answer: the URI is a long-poll queue, TV-3) or a {@code 201}/{@code 200} with {@code Location} (a
 * long-poll session was opened or resumed) keeps the HTTP/1.1 client and hands over to the long-poll flavour. Any other answer is classified,
 * reported once to {@code outcomes}, and the connection is closed. Gives up after the handshake timeout.
 *
 * <p>Not Netty's {@code HttpClientUpgradeHandler}: that one sends {@code connection: upgrade} in lower case
 * (some peers compare it exactly), accepts a {@code 101} without {@code Upgrade} (TV-8b) and treats a
 * {@code 100 Continue} as a refusal (TV-8j).
 *
 * <p>One instance per channel; all state is touched on the channel's event loop only.
 */
final class PtthHandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PtthHandshakeHandler.class);

    /** What comes after the handshake, installed right behind the named handler. */
    interface Roles {
        /** The HTTP-server role of the upgrade flavour. */
        void installServer(ChannelPipeline pipeline, String after);

        /** The long-poll flavour on {@code queueTarget}, first processing {@code firstAnswer} if not null. */
        void installLongPoll(ChannelPipeline pipeline, String after, String queueTarget, @Nullable String firstAnswer);
    }

    private enum Phase { WAITING, SKIPPING_INTERIM, SWITCHING, COLLECTING, DONE }

    private final HandshakeRequest request;
    private final Duration timeout;
    private final InstantSource clock;
    private final Consumer<HandshakeOutcome> outcomes;
    private final Roles roles;
    private final int maxBody;

    private Phase phase = Phase.WAITING;
    private boolean sent;
    private boolean reported;
    private @Nullable ScheduledFuture<?> timer;
    /** While COLLECTING the body of a 200 poll answer (TV-3) or a 201: where the queue is, the body so far. */
    private @Nullable String queueTarget;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean keepBody;

    PtthHandshakeHandler(HandshakeRequest request, Duration timeout, InstantSource clock,
            Consumer<HandshakeOutcome> outcomes, Roles roles, int maxBody) {
        this.request = request;
        this.timeout = timeout;
        this.clock = clock;
        this.outcomes = outcomes;
        this.roles = roles;
        this.maxBody = maxBody;
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
        timer = ctx.executor().schedule(() -> {
            if (phase == Phase.WAITING || phase == Phase.SKIPPING_INTERIM) {
                fail(ctx, new HandshakeOutcome.BackOff("no handshake response within " + timeout.toMillis() + " ms"));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        ctx.writeAndFlush(request.toHttp()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                fail(ctx, new HandshakeOutcome.BackOff("cannot send the handshake: " + f.cause()));
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (phase) {
            case WAITING -> {
                try {
                    if (msg instanceof HttpResponse response) {
                        onResponseHead(ctx, response);
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }
            case SKIPPING_INTERIM -> {
                if (msg instanceof LastHttpContent) {
                    phase = Phase.WAITING;
                }
                ReferenceCountUtil.release(msg);
            }
            case SWITCHING -> {
                if (msg instanceof ByteBuf) {
                    ctx.fireChannelRead(msg); // bytes after the 101: the server codec's first request (TV-1)
                } else {
                    ReferenceCountUtil.release(msg);
                    if (msg instanceof LastHttpContent) {
                        finishSwitch(ctx);
                    }
                }
            }
            case COLLECTING -> {
                try {
                    if (msg instanceof HttpContent content) {
                        collect(ctx, content);
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }
            case DONE -> ReferenceCountUtil.release(msg);
        }
    }

    private void collect(ChannelHandlerContext ctx, HttpContent content) {
        if (keepBody) {
            if (body.size() + content.content().readableBytes() > maxBody) {
                fail(ctx, new HandshakeOutcome.BackOff("poll answer over " + maxBody + " bytes"));
                return;
            }
            byte[] bytes = new byte[content.content().readableBytes()];
            content.content().getBytes(content.content().readerIndex(), bytes);
            body.writeBytes(bytes);
        }
        if (content instanceof LastHttpContent) {
            String target = queueTarget;
            String first = keepBody ? body.toString(StandardCharsets.UTF_8) : null;
            phase = Phase.DONE;
            roles.installLongPoll(ctx.pipeline(), ctx.name(), target == null ? request.target() : target, first);
            ctx.pipeline().remove(this);
        }
    }

    private void onResponseHead(ChannelHandlerContext ctx, HttpResponse response) {
        if (!response.decoderResult().isSuccess()) {
            fail(ctx, new HandshakeOutcome.BackOff("malformed handshake response: " + response.decoderResult().cause()));
            return;
        }
        int status = response.status().code();
        if (status == 101) {
            String upgrade = response.headers().get("Upgrade");
            if (upgrade == null) {
                fail(ctx, new HandshakeOutcome.BackOff("101 without Upgrade"));
            } else if (!namesToken(upgrade, request.token())) {
                fail(ctx, new HandshakeOutcome.BackOff("101 to '" + upgrade + "', which was not offered"));
            } else {
                cancelTimer();
                phase = Phase.SWITCHING;
                roles.installServer(ctx.pipeline(), ctx.name());
                report(new HandshakeOutcome.Upgraded(request.token(), response.headers().get("Pavel-Session")));
            }
        } else if (status < 200) {
            phase = Phase.SKIPPING_INTERIM; // 100 Continue and friends (TV-8j)
        } else if ((status == 200 || status == 201) && response.headers().get("Location") != null) {
            cancelTimer(); // a long-poll session was opened (201) or resumed (200), PTTH.md §0: poll its queue
            phase = Phase.COLLECTING;
            queueTarget = targetOf(response.headers().get("Location"));
        } else if (status == 200 && response.headers().get("Content-Type", "").toLowerCase(Locale.ROOT)
                .startsWith("application/json")) {
            cancelTimer(); // a poll answer: this URI is a long-poll queue (TV-3)
            phase = Phase.COLLECTING;
            keepBody = true;
        } else {
            fail(ctx, refusal(response, clock, "handshake"));
        }
    }

    /** Path and query of a {@code Location}; the queue lives on the same server. */
    private String targetOf(String location) {
        try {
            URI uri = URI.create(location.trim());
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        } catch (IllegalArgumentException e) {
            LOG.debug("Unreadable Location '{}'", location);
            return request.target();
        }
    }

    /** The end of the 101: the client codec goes (handing us bytes it still held), then this handler. */
    private void finishSwitch(ChannelHandlerContext ctx) {
        ChannelPipeline pipeline = ctx.pipeline();
        HttpClientCodec codec = pipeline.get(HttpClientCodec.class);
        if (codec != null) {
            pipeline.remove(codec);
        }
        phase = Phase.DONE;
        pipeline.remove(this);
    }

    /** A final answer other than the upgrade or a long-poll hand-over, classified by PTTH.md §2.2.6. */
    static HandshakeOutcome refusal(HttpResponse response, InstantSource clock, String request) {
        int status = response.status().code();
        String what = request + " answered " + status;
        return switch (status) {
            case 204 -> new HandshakeOutcome.RetryNow(what + ": nothing to relay yet");
            case 401, 403 -> new HandshakeOutcome.GiveUp(status, what + ": fix the credentials");
            case 404, 410 -> new HandshakeOutcome.GiveUp(status, what + ": endpoint or session gone");
            case 429, 503 -> new HandshakeOutcome.RetryLater(retryAfter(response.headers().get("Retry-After"), clock), what);
            case 426 -> new HandshakeOutcome.BackOff(what + " (upgrade required)", offeredBack(response.headers().get("Upgrade")));
            default -> status < 400
                    ? new HandshakeOutcome.GiveUp(status, what + ": not a PTTH upgrade endpoint")
                    : new HandshakeOutcome.BackOff(what);
        };
    }

    /** {@code Retry-After} as delta-seconds or an HTTP-date; zero when absent or unreadable. */
    private static Duration retryAfter(@Nullable String value, InstantSource clock) {
        if (value == null) {
            return Duration.ZERO;
        }
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                LOG.debug("Ignoring unreadable Retry-After '{}'", v);
                return Duration.ZERO;
            }
        }
    }

    /** A recognised PTTH token that a {@code 426} lists, or null. */
    private static @Nullable String offeredBack(@Nullable String upgrade) {
        if (upgrade == null) {
            return null;
        }
        if (namesToken(upgrade, PtthClientConfig.TOKEN)) {
            return PtthClientConfig.TOKEN;
        }
        return namesToken(upgrade, PtthClientConfig.LEGACY_TOKEN) ? PtthClientConfig.LEGACY_TOKEN : null;
    }

    /** True if the comma-separated {@code Upgrade} value names {@code token}, ASCII-case-insensitively (§2.1.1). */
    static boolean namesToken(String upgrade, String token) {
        for (String part : upgrade.split(",")) {
            if (part.trim().toLowerCase(Locale.ROOT).equals(token.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        if (phase == Phase.WAITING || phase == Phase.SKIPPING_INTERIM || phase == Phase.COLLECTING) {
            phase = Phase.DONE;
            report(new HandshakeOutcome.BackOff("connection closed before the handshake response"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (phase == Phase.SWITCHING) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        fail(ctx, new HandshakeOutcome.BackOff("handshake failed: " + cause));
    }

    private void fail(ChannelHandlerContext ctx, HandshakeOutcome outcome) {
        cancelTimer();
        phase = Phase.DONE;
        report(outcome);
        ctx.close();
    }

    private void report(HandshakeOutcome outcome) {
        if (!reported) {
            reported = true;
            LOG.debug("PTTH handshake to {}: {}", request.authority(), outcome.detail());
            outcomes.accept(outcome);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}

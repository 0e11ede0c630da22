package pavel.desktop.ptth;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.ptth.Header;
import pavel.ptth.PtthFormatException;
import pavel.ptth.PtthJson;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;

/**
 * The long-poll JSON flavour (PTTH.md §2.3), behind an {@code HttpClientCodec} and an aggregator: polls the queue
 * with {@code POST <queue>} ({@code Accept: application/json}, no body), runs the request objects of each answer
 * through the {@link ReverseHandler} one after another, and sends their response objects on the next POST, which is
 * also the next poll (TV-6, TV-7). {@code {}} and {@code 204} mean "nothing, poll again". A queue that is gone
 * (404/410), overload (429/503) and any other answer end the connection with an outcome for the client's loop.
 *
 * <p>One instance per channel; its fields are touched on the channel's event loop only.
 */
final class LongPollHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(LongPollHandler.class);

    private final String queueTarget;
    private final String authority;
    private final List<Header> fields;
    private final ReverseHandler handler;
    private final Executor executor;
    private final Consumer<HandshakeOutcome> outcomes;
    private @Nullable String firstAnswer;
    private boolean started;
    private boolean reportedUp;

    /**
     * @param firstAnswer a poll answer already received (the handshake's {@code 200}, TV-3) to process first, or null
     *     to start with an empty poll
     */
    LongPollHandler(String queueTarget, String authority, List<Header> fields, ReverseHandler handler,
            Executor executor, Consumer<HandshakeOutcome> outcomes, @Nullable String firstAnswer) {
        this.queueTarget = queueTarget;
        this.authority = authority;
        this.fields = List.copyOf(fields);
        this.handler = handler;
        this.executor = executor;
        this.outcomes = outcomes;
        this.firstAnswer = firstAnswer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        String first = firstAnswer;
        firstAnswer = null;
        if (first != null) {
            up();
            process(ctx, first);
        } else {
            post(ctx, List.of());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpResponse response)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            int status = response.status().code();
            String type = response.headers().get("Content-Type", "").toLowerCase(Locale.ROOT);
            if (status == 200 && type.startsWith("application/json")) {
                up();
                process(ctx, response.content().toString(StandardCharsets.UTF_8));
            } else if (status == 204) {
                up();
                post(ctx, List.of());
            } else {
                end(ctx, switch (status) {
                    case 404, 410 -> new HandshakeOutcome.QueueGone("poll answered " + status + ": the queue is gone");
                    case 401, 403 -> new HandshakeOutcome.GiveUp(status, "poll answered " + status + ": fix the credentials");
                    case 429, 503 -> new HandshakeOutcome.RetryLater(java.time.Duration.ZERO, "poll answered " + status);
                    default -> new HandshakeOutcome.BackOff("poll answered " + status + " " + type);
                });
            }
        } finally {
            response.release();
        }
    }

    private void up() {
        if (!reportedUp) {
            reportedUp = true;
            outcomes.accept(new HandshakeOutcome.LongPoll(queueTarget));
        }
    }

    private void process(ChannelHandlerContext ctx, String json) {
        List<ReverseRequest> requests;
        try {
            requests = PtthJson.readRequests(json);
        } catch (PtthFormatException e) {
            end(ctx, new HandshakeOutcome.BackOff("unreadable poll answer: " + e.getMessage()));
            return;
        }
        if (requests.isEmpty()) {
            post(ctx, List.of());
            return;
        }
        try {
            executor.execute(() -> {
                List<ReverseResponse> answers = new ArrayList<>(requests.size());
                for (ReverseRequest r : requests) {
                    answers.add(run(r));
                }
                try {
                    ctx.executor().execute(() -> post(ctx, answers));
                } catch (RejectedExecutionException e) {
                    LOG.debug("Event loop gone; dropping {} long-poll answers", answers.size());
                }
            });
        } catch (RejectedExecutionException e) {
            end(ctx, new HandshakeOutcome.BackOff("handler executor refused work"));
        }
    }

    /** The handler's answer as a response object: the request's message id and version, a reason phrase. */
    private ReverseResponse run(ReverseRequest request) {
        ReverseResponse r;
        if (request.method().equals("OPTIONS") && request.uri().equals("*")) {
            // The heartbeat, answered here as on an upgraded socket (ReverseRequestDispatcher).
            return new ReverseResponse(request.messageId(), request.httpVersion(), 204, "No Content", List.of(), "");
        }
        try {
            r = handler.handle(request);
            if (r == null) {
                throw new IllegalStateException("The handler returned null for " + request.method() + " " + request.uri());
            }
        } catch (Exception | AssertionError e) {
            LOG.warn("Reverse handler failed on {} {}", request.method(), request.uri(), e);
            r = ReverseResponse.of(request, 500, "");
        }
        String reason = r.reason().isEmpty() ? HttpResponseStatus.valueOf(r.status()).reasonPhrase() : r.reason();
        return new ReverseResponse(request.messageId(), request.httpVersion(), r.status(), reason, r.headers(), r.body());
    }

    /** The next POST: the answers (one object, or an array for several) and at the same time the next poll. */
    private void post(ChannelHandlerContext ctx, List<ReverseResponse> answers) {
        if (!ctx.channel().isActive()) {
            return;
        }
        byte[] body = switch (answers.size()) {
            case 0 -> new byte[0];
            case 1 -> PtthJson.write(answers.getFirst()).getBytes(StandardCharsets.UTF_8);
            default -> PtthJson.writeResponses(answers).getBytes(StandardCharsets.UTF_8);
        };
        FullHttpRequest poll = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, queueTarget,
                Unpooled.wrappedBuffer(body));
        poll.headers().add("Host", authority);
        poll.headers().add("Accept", "application/json");
        for (Header h : fields) {
            poll.headers().add(h.name(), h.value());
        }
        if (body.length > 0) {
            poll.headers().add("Content-Type", "application/json");
        }
        poll.headers().add("Content-Length", body.length);
        ctx.writeAndFlush(poll).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    private void end(ChannelHandlerContext ctx, HandshakeOutcome outcome) {
        LOG.debug("Long-poll on {} ends: {}", ctx.channel(), outcome.detail());
        outcomes.accept(outcome);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        end(ctx, new HandshakeOutcome.BackOff("long-poll failed: " + cause));
    }
}

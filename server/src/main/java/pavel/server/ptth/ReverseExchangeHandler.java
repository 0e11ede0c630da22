package pavel.server.ptth;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.ptth.Header;
import pavel.ptth.PtthFormatException;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.http.ConnectionEvent;
import pavel.server.session.Carrier;
import pavel.server.session.Exchange;
import pavel.server.session.ExchangeFailedException;
import pavel.server.session.PtthMetrics;
import pavel.server.session.Session;

/**
 * The server's HTTP/1.1 client on an upgraded socket (PTTH.md §2.2.4–2.2.5): takes its session's requests,
 * keeps up to {@link PtthConfig#maxInFlight()} pipelined, matches responses in order, sends {@code OPTIONS *} when
 * the connection was idle for {@link PtthConfig#heartbeat()}, and closes the connection when the oldest request
 * stays unanswered for {@link PtthConfig#responseTimeout()}, failing what was in flight. When the client closes,
 * unanswered requests go back to the session's queue for the next connection (they are safe to repeat).
 *
 * <p>Sits after {@code HttpClientCodec} and {@code HttpObjectAggregator}; an {@code IdleStateHandler} before
 * them fires the heartbeat. Per-connection state, touched only on the channel's event loop, except
 * {@link #wake()}, which any thread may call. One instance per connection.
 */
public final class ReverseExchangeHandler extends ChannelDuplexHandler implements Carrier {

    private static final Logger log = LoggerFactory.getLogger(ReverseExchangeHandler.class);

    private final Session session;
    private final PtthConfig config;
    private final PtthMetrics metrics;
    private final Channel channel;
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    private @Nullable ChannelHandlerContext ctx;
    private @Nullable ScheduledFuture<?> timer;
    private boolean closing;
    /** The server is stopping: nothing more is sent on this connection. */
    private boolean draining;

    /**
     * @param session whose requests this connection carries; already {@link Session#attach attached} to it
     * @param config the timers and the in-flight limit
     * @param metrics counts heartbeats as exchanges
     * @param channel the upgraded connection
     */
    public ReverseExchangeHandler(Session session, PtthConfig config, PtthMetrics metrics, Channel channel) {
        this.session = Objects.requireNonNull(session, "session");
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    /** The session it carries. */
    public Session session() {
        return session;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
        wake(); // after the pipeline change that adds it is complete

    }

    @Override
    public void wake() {
        if (wakeScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(() -> {
                wakeScheduled.set(false);
                drain();
            });
        }
    }

    /** A newer connection of the same client takes over: close; channelInactive re-queues and detaches. */
    @Override
    public void retire() {
        channel.eventLoop().execute(() -> {
            closing = true;
            channel.close();
        });
    }

    private void drain() {
        ChannelHandlerContext context = ctx;
        if (context == null || closing || draining || !channel.isActive()) {
            return;
        }
        int room = config.maxInFlight() - inFlight.size();
        if (room <= 0) {
            return;
        }
        List<Exchange> taken = session.take(room);
        if (taken.isEmpty()) {
            return;
        }
        for (Exchange exchange : taken) {
            send(context, exchange, false);
        }
        context.flush();
    }

    private void send(ChannelHandlerContext context, Exchange exchange, boolean heartbeat) {
        inFlight.add(new Sent(exchange, heartbeat, System.nanoTime()));
        context.write(ReverseWire.toHttp(exchange.request()));
        arm(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        try {
            if (msg instanceof FullHttpResponse response) {
                received(context, response);
            } else {
                log.debug("Dropping unexpected message {} on a PTTH connection", msg.getClass().getName());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void received(ChannelHandlerContext context, FullHttpResponse response) {
        int status = response.status().code();
        if (response.decoderResult().isFailure()) {
            log.debug("{}: unreadable response ({}); closing", session, response.decoderResult().cause().toString());
            context.close();
            return;
        }
        if (status >= 100 && status < 200 && status != 101) {
            return; // interim; the final response follows
        }
        Sent head = inFlight.poll();
        if (head == null || status < 200) {
            log.debug("{}: response {} without a request in flight; closing", session, status);
            context.close();
            return;
        }
        ReverseResponse answer;
        try {
            answer = ReverseWire.toResponse(head.exchange().request(), response);
        } catch (PtthFormatException e) {
            log.debug("{}: unusable response ({}); closing", session, e.getMessage());
            inFlight.addFirst(head);
            context.close();
            return;
        }
        head.exchange().complete(answer);
        if (!HttpUtil.isKeepAlive(response) || (draining && inFlight.isEmpty())) {
            closing = true;
            context.close();
        }
    }

    /** Refills the pipeline once per read from the socket, not once per response: one flush for many requests. */
    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        drain();
        context.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent) {
            if (inFlight.isEmpty() && !closing) {
                ReverseRequest heartbeat = new ReverseRequest(ReverseRequest.newMessageId(), "OPTIONS", "*",
                        "PTTH/1.0", List.of(new Header("Host", "")), "");
                send(context, Exchange.standalone(heartbeat, metrics), true);
                context.flush();
            }
            return;
        }
        if (event == ConnectionEvent.DRAIN) {
            // The server is stopping: send nothing more, close once what is in flight is answered. What stays
            // queued waits in the session for the client's next connection.
            draining = true;
            if (inFlight.isEmpty()) {
                closing = true;
                context.close();
            }
            return;
        }
        if (event instanceof ChannelInputShutdownEvent) {
            // The client half-closed: it will answer nothing more (the server channels allow half-closure).
            context.close();
            return;
        }
        context.fireUserEventTriggered(event);
    }

    /** Starts the response timer if it is not running; it follows the oldest request in flight. */
    private void arm(ChannelHandlerContext context) {
        if (timer == null && !inFlight.isEmpty()) {
            schedule(context, inFlight.peek());
        }
    }

    private void schedule(ChannelHandlerContext context, Sent oldest) {
        long delay = oldest.sentAt() + config.responseTimeout().toNanos() - System.nanoTime();
        timer = context.executor().schedule(() -> timerFired(context), Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    private void timerFired(ChannelHandlerContext context) {
        timer = null;
        Sent oldest = inFlight.peek();
        if (oldest == null || closing) {
            return;
        }
        if (System.nanoTime() - oldest.sentAt() < config.responseTimeout().toNanos()) {
            schedule(context, oldest); // the request it was set for was answered; follow the one now oldest
            return;
        }
        log.info("{}: no response within {} ms; closing the connection and failing {} exchanges",
                session, config.responseTimeout().toMillis(), inFlight.size());
        closing = true;
        ExchangeFailedException failure = new ExchangeFailedException(ExchangeFailedException.Reason.TIMEOUT,
                "No response within " + config.responseTimeout().toMillis() + " ms.");
        for (Sent sent : inFlight) {
            sent.exchange().fail(failure);
        }
        inFlight.clear();
        context.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        closing = true;
        if (timer != null) {
            timer.cancel(false);
        }
        List<Exchange> unanswered = new ArrayList<>();
        for (Sent sent : inFlight) {
            if (sent.heartbeat()) {
                sent.exchange().fail(new ExchangeFailedException(ExchangeFailedException.Reason.SESSION_CLOSED,
                        "The connection closed."));
            } else {
                unanswered.add(sent.exchange());
            }
        }
        inFlight.clear();
        if (!unanswered.isEmpty()) {
            log.debug("{}: connection lost with {} unanswered; re-queued", session, unanswered.size());
            session.requeue(unanswered);
        }
        session.detach(this);
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        log.debug("{}: closing the PTTH connection after {}", session, cause.toString());
        context.close();
    }

    /** A request on the wire and when it left. */
    private record Sent(Exchange exchange, boolean heartbeat, long sentAt) {}
}

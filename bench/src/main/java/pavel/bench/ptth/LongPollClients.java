package pavel.bench.ptth;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.ptth.PtthJson;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;

/**
 * Many long-poll sessions (PTTH.md §0, §2.3), each one keep-alive Netty connection on a shared event loop group:
 * {@code POST /ptth} → {@code 201} with the queue in {@code Location}, then {@code POST <queue>} with
 * {@code Pavel-Batch}; the requests an answer carries are answered on the next poll, which carries the response
 * objects as a JSON array. Each session answers with its own {@link Answerer} ({@code 204} to everything unless
 * told otherwise, e.g. a replica of the spaces it views). Cheap on purpose: no thread and no timer per session,
 * only a channel, its HTTP codec and its answerer.
 *
 * <p>Thread-safe: each session's state lives in its handler, on its channel's event loop; the counters are atomic.
 */
final class LongPollClients implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LongPollClients.class);
    private static final String BATCH = "16";
    private static final int MAX_ANSWER_BYTES = 1024 * 1024;

    private final Bootstrap bootstrap;
    private final String host;
    private final int port;
    private final ChannelGroup channels = new DefaultChannelGroup("long-poll", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger polling = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final LongAdder answered = new LongAdder();

    /** Sessions that answer every request {@code 204}. */
    LongPollClients(EventLoopGroup group, String host, int port) {
        this(group, host, port, () -> request -> ReverseResponse.of(request, 204, "No Content"));
    }

    /** @param answerers makes the answerer of each new session; it runs on the session's event loop */
    LongPollClients(EventLoopGroup group, String host, int port, Supplier<Answerer> answerers) {
        this.host = host;
        this.port = port;
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast("http", new HttpClientCodec())
                                .addLast("aggregator", new HttpObjectAggregator(MAX_ANSWER_BYTES))
                                .addLast("session", new Poller(answerers.get()));
                    }
                });
    }

    /**
     * Opens {@code count} more sessions, at most {@code batch} handshakes at a time, and waits until each has its
     * first poll held (or failed), at most {@code timeoutMillis} in all.
     *
     * @return the number of sessions polling now
     */
    int open(int count, int batch, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int before = polling.get();
        int failedBefore = failed.get();
        int opened = 0;
        while (opened < count && System.nanoTime() < deadline) {
            int now = Math.min(batch, count - opened);
            List<ChannelFuture> connects = new ArrayList<>(now);
            for (int i = 0; i < now; i++) {
                connects.add(bootstrap.connect(host, port));
            }
            for (ChannelFuture connect : connects) {
                connect.awaitUninterruptibly();
                if (connect.isSuccess()) {
                    channels.add(connect.channel());
                } else {
                    failed.incrementAndGet();
                    log.warn("Long-poll connect failed: {}", String.valueOf(connect.cause()));
                }
            }
            opened += now;
            int expected = before + opened - (failed.get() - failedBefore);
            while (polling.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        return polling.get();
    }

    /** Sessions whose poll is out now or that are answering one. */
    int polling() {
        return polling.get();
    }

    /** Sessions that failed to connect or got an unexpected status. */
    int failed() {
        return failed.get();
    }

    /** Reverse requests answered so far. */
    long answered() {
        return answered.sum();
    }

    @Override
    public void close() {
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private FullHttpRequest post(String uri, @Nullable String json) {
        ByteBuf body = json == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri, body);
        request.headers()
                .set(HttpHeaderNames.HOST, host + ":" + port)
                .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (json != null) {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        return request;
    }

    /** How one session answers the reverse requests it receives. */
    @FunctionalInterface
    interface Answerer {
        ReverseResponse answer(ReverseRequest request);
    }

    /** One session: opens it, then polls its queue for ever, answering what each poll brings on the next. */
    private final class Poller extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Answerer answerer;
        private @Nullable String queue;
        private boolean counted;

        Poller(Answerer answerer) {
            this.answerer = answerer;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(post("/ptth", null));
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            int status = response.status().code();
            if (queue == null) {
                String location = response.headers().get(HttpHeaderNames.LOCATION);
                if (status != 201 || location == null) {
                    fail(ctx, "POST /ptth answered " + status);
                    return;
                }
                queue = location;
                poll(ctx, null);
                counted = true;
                polling.incrementAndGet();
                return;
            }
            if (status != 200) {
                fail(ctx, "the poll answered " + status);
                return;
            }
            List<ReverseRequest> requests = PtthJson.readRequests(response.content().toString(StandardCharsets.UTF_8));
            if (requests.isEmpty()) {
                poll(ctx, null);
                return;
            }
            List<ReverseResponse> answers = new ArrayList<>(requests.size());
            for (ReverseRequest request : requests) {
                answers.add(answerer.answer(request));
            }
            poll(ctx, PtthJson.writeResponses(answers));
            answered.add(answers.size());
        }

        private void poll(ChannelHandlerContext ctx, @Nullable String answers) {
            FullHttpRequest request = post(Objects.requireNonNull(queue, "queue"), answers);
            request.headers().set("Pavel-Batch", BATCH);
            ctx.writeAndFlush(request);
        }

        private void fail(ChannelHandlerContext ctx, String why) {
            log.warn("Long-poll session ends: {}", why);
            failed.incrementAndGet();
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (counted) {
                counted = false;
                polling.decrementAndGet();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("Long-poll connection fails: {}", cause.toString());
            ctx.close();
        }
    }
}

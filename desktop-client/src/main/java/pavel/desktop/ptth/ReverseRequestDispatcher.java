package pavel.desktop.ptth;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.ptth.Header;
import pavel.ptth.PtthFormatException;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;

/**
 * Runs each reversed request through the {@link ReverseHandler} on the handler executor and writes the answers
 * strictly in request order (RFC 9112 §9.3.2, TV-5), whichever handler finishes first. At most
 * {@code maxConcurrent} handlers of this connection run at a time; with 1 they run one after another in arrival
 * order. {@code OPTIONS *} (the heartbeat) is answered {@code 204} here; a handler's exception becomes {@code 500};
 * a {@link RejectedRequest} is answered in its turn and then the connection closes, as it does after a request
 * with {@code Connection: close}.
 *
 * <p>One instance per channel; its fields are touched on the channel's event loop only (handlers report back
 * through {@code ctx.executor()}).
 */
final class ReverseRequestDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ReverseRequestDispatcher.class);

    private record Pending(long seq, ReverseRequest request, boolean close) {
    }

    private record Answer(FullHttpResponse response, boolean close) {
    }

    private final ReverseHandler handler;
    private final Executor executor;
    private final int maxConcurrent;

    private final Queue<Pending> waiting = new ArrayDeque<>();
    private final Map<Long, Answer> ready = new HashMap<>();
    private long nextSeq;
    private long nextToWrite;
    private int running;
    private boolean closing;

    ReverseRequestDispatcher(ReverseHandler handler, Executor executor, int maxConcurrent) {
        this.handler = handler;
        this.executor = executor;
        this.maxConcurrent = maxConcurrent;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg); // after a rejection or Connection: close nothing more is read
            return;
        }
        switch (msg) {
            case RejectedRequest rejected -> {
                LOG.debug("Rejecting a reversed request on {}: {}", ctx.channel(), rejected.detail());
                closing = true;
                ctx.channel().config().setAutoRead(false);
                answer(ctx, nextSeq++, new Answer(status(rejected.status(), true), true));
            }
            case FullHttpRequest request -> {
                try {
                    accept(ctx, request);
                } finally {
                    request.release();
                }
            }
            default -> ctx.fireChannelRead(msg);
        }
    }

    private void accept(ChannelHandlerContext ctx, FullHttpRequest http) {
        long seq = nextSeq++;
        boolean close = http.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
        if (close) {
            closing = true;
        }
        if (http.method().equals(HttpMethod.OPTIONS) && http.uri().equals("*")) {
            answer(ctx, seq, new Answer(status(204, close), close)); // heartbeat (PTTH.md §2.2.5)
            return;
        }
        ReverseRequest request;
        try {
            request = toReverseRequest(seq, http);
        } catch (PtthFormatException e) {
            LOG.debug("Unusable reversed request on {}: {}", ctx.channel(), e.getMessage());
            answer(ctx, seq, new Answer(status(400, close), close));
            return;
        }
        LOG.debug("Reversed request #{} on {}: {} {}", seq, ctx.channel(), request.method(), request.uri());
        waiting.add(new Pending(seq, request, close));
        startWaiting(ctx);
    }

    private void startWaiting(ChannelHandlerContext ctx) {
        while (running < maxConcurrent && !waiting.isEmpty()) {
            // With one handler at a time, one hop to the executor carries every waiting request, in order, and one
            // flush carries their answers; with several, each request gets its own hop.
            int size = maxConcurrent == 1 ? waiting.size() : 1;
            List<Pending> batch = new ArrayList<>(size);
            while (batch.size() < size) {
                batch.add(waiting.remove());
            }
            running++;
            try {
                executor.execute(() -> {
                    List<ReverseResponse> responses = new ArrayList<>(batch.size());
                    for (Pending p : batch) {
                        responses.add(run(p.request()));
                    }
                    try {
                        ctx.executor().execute(() -> {
                            running--;
                            for (int i = 0; i < batch.size(); i++) {
                                Pending p = batch.get(i);
                                ready.put(p.seq(), new Answer(toHttp(responses.get(i), p.close()), p.close()));
                            }
                            writeReady(ctx);
                            startWaiting(ctx);
                        });
                    } catch (RejectedExecutionException e) {
                        LOG.debug("Event loop gone; dropping {} answers", batch.size());
                    }
                });
            } catch (RejectedExecutionException e) {
                running--;
                LOG.warn("Handler executor refused {} requests", batch.size(), e);
                for (Pending p : batch) {
                    ready.put(p.seq(), new Answer(status(503, p.close()), p.close()));
                }
                writeReady(ctx);
            }
        }
    }

    private ReverseResponse run(ReverseRequest request) {
        try {
            ReverseResponse response = handler.handle(request);
            if (response == null) {
                throw new IllegalStateException("The handler returned null for " + request.method() + " " + request.uri());
            }
            return response;
        } catch (Exception | AssertionError e) {
            LOG.warn("Reverse handler failed on {} {}", request.method(), request.uri(), e);
            return ReverseResponse.of(request, 500, "");
        }
    }

    /** Files the answer for {@code seq}, then writes every answer whose turn has come. */
    private void answer(ChannelHandlerContext ctx, long seq, Answer answer) {
        ready.put(seq, answer);
        writeReady(ctx);
    }

    /** Writes, in order, every filed answer whose turn has come, and flushes once. */
    private void writeReady(ChannelHandlerContext ctx) {
        boolean wrote = false;
        Answer next;
        while ((next = ready.remove(nextToWrite)) != null) {
            LOG.debug("Answer #{} on {}: {}", nextToWrite, ctx.channel(), next.response().status());
            nextToWrite++;
            wrote = true;
            if (next.close()) {
                ctx.writeAndFlush(next.response()).addListener(ChannelFutureListener.CLOSE);
                ready.values().forEach(a -> a.response().release());
                ready.clear();
                return;
            }
            ctx.write(next.response());
        }
        if (wrote) {
            ctx.flush();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ready.values().forEach(a -> a.response().release());
        ready.clear();
        waiting.clear();
        closing = true;
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("Closing the PTTH connection {} after an error", ctx.channel(), cause);
        ctx.close();
    }

    /** The request as handlers see it: a made-up message id, no framing fields, the body as UTF-8 text. */
    static ReverseRequest toReverseRequest(long seq, FullHttpRequest http) {
        List<Header> headers = new ArrayList<>(http.headers().size());
        for (Map.Entry<String, String> e : http.headers()) {
            Header h = new Header(e.getKey(), e.getValue());
            if (!h.isFraming()) {
                headers.add(h);
            }
        }
        return new ReverseRequest("u-" + (seq + 1), http.method().name(), http.uri(), http.protocolVersion().text(),
                headers, http.content().toString(StandardCharsets.UTF_8));
    }

    /** The answer on the wire: its fields in order (framing ones dropped), then {@code Content-Length} where needed. */
    static FullHttpResponse toHttp(ReverseResponse response, boolean close) {
        HttpResponseStatus status = response.reason().isEmpty()
                ? HttpResponseStatus.valueOf(response.status())
                : new HttpResponseStatus(response.status(), response.reason());
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        for (Header h : response.headers()) {
            if (!h.isFraming()) {
                http.headers().add(h.name(), h.value());
            }
        }
        if (response.status() != 204 && response.status() != 304) {
            http.headers().set("Content-Length", body.length);
        } else {
            http.content().clear();
        }
        if (close) {
            http.headers().set("Connection", "close");
        }
        return http;
    }

    private static FullHttpResponse status(int code, boolean close) {
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code),
                Unpooled.EMPTY_BUFFER);
        if (code != 204) {
            http.headers().set("Content-Length", 0);
        }
        if (close) {
            http.headers().set("Connection", "close");
        }
        return http;
    }
}

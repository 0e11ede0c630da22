package pavel.server.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.server.store.StoreException;

/**
 * The last stage: routes each request, runs its handler where the route says and writes the response.
 *
 * <p>Responses leave in the order the requests arrived, also when requests are pipelined and handlers run
 * on virtual threads or answer later ({@link AsyncHandler}): requests wait in a per-connection queue, one is
 * handled at a time, and reading pauses while more are waiting. A {@link HttpStatusException} from a handler
 * becomes its problem; any other exception is logged with its stack trace and answered with a {@code 500} problem
 * that does not reveal it. {@link Rejection}s are answered in turn and close the connection. Errors in the
 * pipeline itself reach {@link #exceptionCaught}, which logs and closes. When the client closes (or half-closes)
 * while an {@link AsyncHandler} waits, its stage is cancelled.
 *
 * <p>The queue and the busy flag are per connection and only touched on the event loop; one instance per
 * connection.
 */
public final class RequestDispatcher extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    private final Router router;
    private final Executor blockingExecutor;
    private final ArrayDeque<Incoming> queue = new ArrayDeque<>();
    private boolean busy;
    /** The stage of the event-loop handler being waited for, if any; cancelled when the connection closes. */
    private @Nullable CompletableFuture<Response> awaited;

    /**
     * @param router the routes
     * @param blockingExecutor runs {@link Execution#VIRTUAL_THREAD} handlers; a virtual-thread-per-task
     *     executor in the server, a direct one in in-memory tests
     */
    public RequestDispatcher(Router router, Executor blockingExecutor) {
        this.router = Objects.requireNonNull(router, "router");
        this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Incoming incoming;
        switch (msg) {
            case FullHttpRequest request -> {
                try {
                    incoming = Received.copyOf(request);
                } finally {
                    request.release();
                }
            }
            case Rejection rejection -> incoming = new Refused(rejection);
            default -> {
                log.debug("Dropping unexpected message {}", msg.getClass().getName());
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        queue.add(incoming);
        if (busy) {
            ctx.channel().config().setAutoRead(false);
        } else {
            dispatchNext(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        queue.clear();
        if (awaited != null) {
            // Nobody is left to read its answer: a held long poll lets go of its session, so that what the session
            // sends next waits for the client's next poll instead of going to this closed connection.
            awaited.cancel(false);
            awaited = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent && awaited != null) {
            // The client sends nothing more: most likely it closed the socket. A handler waiting for something to
            // answer with (a held long poll) lets go of it now instead of handing it to a peer that may be gone, and
            // the connection closes; a client that only half-closed polls again on a new one.
            awaited.cancel(false);
            awaited = null;
            ctx.close();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof DecoderException
                || cause instanceof PrematureChannelClosureException) {
            // The peer went away, sent something the codec gave up on (e.g. too deep a pipeline), or the
            // connection was closed while a request was still arriving.
            log.debug("Closing connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("Closing connection {} after an error in the pipeline", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private void dispatchNext(ChannelHandlerContext ctx) {
        Incoming next = queue.poll();
        if (next == null) {
            busy = false;
            ctx.channel().config().setAutoRead(true);
            return;
        }
        busy = true;
        switch (next) {
            case Refused refused -> {
                Rejection rejection = refused.rejection();
                Response problem = Response.problem(rejection.error(), rejection.path());
                boolean head = rejection.method().equals(HttpMethod.HEAD);
                finish(ctx, HttpResponses.toNetty(problem, HttpVersion.HTTP_1_1, head, false));
            }
            case Received received -> route(ctx, received);
        }
    }

    private void route(ChannelHandlerContext ctx, Received received) {
        RequestTarget target;
        try {
            target = RequestTarget.parse(received.uri());
        } catch (HttpStatusException e) {
            respond(ctx, received, Response.problem(e, RequestTarget.instanceOf(received.uri())));
            return;
        }
        RouteMatch match = router.match(received.method(), target.segments());
        switch (match) {
            case RouteMatch.NotFound() -> respond(ctx, received, Response.problem(
                    HttpStatusException.notFound("Nothing is served at " + target.path() + "."), target.path()));
            case RouteMatch.MethodNotAllowed(var allowed) -> respond(ctx, received, Response.problem(
                    HttpStatusException.methodNotAllowed(received.method(), target.path(), allowed), target.path()));
            case RouteMatch.Options(var allowed) -> respond(ctx, received, Response.empty(HttpResponseStatus.OK)
                    .withHeader("allow", allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", "))));
            case RouteMatch.Found(Route route, PathPattern.Match found) when isUnsafe(received.method())
                    && !SameOrigin.allows(received.headers().get("Origin"), received.headers().get("Host")) ->
                respond(ctx, received, Response.problem(new HttpStatusException(HttpResponseStatus.FORBIDDEN,
                        "Changes are accepted only from pages of this server's own origin, not from "
                                + received.headers().get("Origin") + "."), target.path()));
            case RouteMatch.Found(Route route, PathPattern.Match found) -> {
                Request request = new Request(route.method(), target, found, received.headers(), received.body(),
                        ctx.channel().remoteAddress());
                if (route.execution() == Execution.EVENT_LOOP) {
                    CompletableFuture<Response> stage = start(route, request).toCompletableFuture();
                    if (!stage.isDone()) {
                        awaited = stage;
                    }
                    answerWhenDone(ctx, received, route, request, stage);
                } else {
                    runBlocking(ctx, received, route, request);
                }
            }
        }
    }

    private static boolean isUnsafe(HttpMethod method) {
        return !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD) && !method.equals(HttpMethod.OPTIONS);
    }

    private void runBlocking(ChannelHandlerContext ctx, Received received, Route route, Request request) {
        try {
            blockingExecutor.execute(() -> answerWhenDone(ctx, received, route, request, start(route, request)));
        } catch (RejectedExecutionException e) {
            respond(ctx, received, Response.problem(new HttpStatusException(
                    HttpResponseStatus.SERVICE_UNAVAILABLE, "The server is shutting down."), request.path()));
        }
    }

    /** Calls the handler; what it throws fails the stage instead. */
    private static CompletionStage<Response> start(Route route, Request request) {
        try {
            return Objects.requireNonNull(route.handler().handle(request), "The handler returned no stage.");
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Writes the stage's response, or the problem its failure is, on the event loop once it completes. */
    private void answerWhenDone(ChannelHandlerContext ctx, Received received, Route route, Request request,
            CompletionStage<Response> stage) {
        stage.whenComplete((response, failure) -> {
            if (failure instanceof CancellationException) {
                return; // the connection closed while it waited; there is nobody to answer
            }
            Response answer = failure == null && response != null ? response : problem(route, request,
                    failure == null ? new NullPointerException("The handler returned no response.") : failure);
            if (ctx.executor().inEventLoop()) {
                respond(ctx, received, answer);
                return;
            }
            try {
                ctx.executor().execute(() -> respond(ctx, received, answer));
            } catch (RejectedExecutionException e) {
                log.debug("Event loop gone before {} could be answered", request);
            }
        });
    }

    private static Response problem(Route route, Request request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return switch (cause) {
            case HttpStatusException e -> Response.problem(e, request.path());
            case StoreException e -> Response.problem(storeProblem(e), request.path());
            default -> {
                log.error("Handler for {} failed on {}", route, request, cause);
                yield Response.problem(new HttpStatusException(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                        "The server failed to answer this request; the cause is in its log."), request.path());
            }
        };
    }

    /** A change the store could not keep: 507 when it is full, else 503 with a hint to try again. */
    private static HttpStatusException storeProblem(StoreException e) {
        if (e.status() == 507) {
            return new HttpStatusException(HttpResponseStatus.INSUFFICIENT_STORAGE, e.getMessage());
        }
        return new HttpStatusException(HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage(), Map.of(),
                Map.of("retry-after", "1"));
    }

    private void respond(ChannelHandlerContext ctx, Received received, Response response) {
        awaited = null;
        boolean head = received.method().equals(HttpMethod.HEAD);
        finish(ctx, HttpResponses.toNetty(response, received.version(), head, received.keepAlive()));
    }

    private void finish(ChannelHandlerContext ctx, FullHttpResponse response) {
        ctx.writeAndFlush(response).addListener(future -> {
            if (!future.isSuccess()) {
                log.debug("Could not write a response to {}: {}", ctx.channel().remoteAddress(), future.cause());
            }
        });
        if (!HttpUtil.isKeepAlive(response)) {
            queue.clear();
        }
        dispatchNext(ctx);
    }

    /** A request waiting in the queue. */
    private sealed interface Incoming permits Received, Refused {}

    /** A request that was read completely, copied out of Netty's buffers. */
    private record Received(HttpMethod method, String uri, HttpVersion version, HttpHeaders headers,
            byte[] body, boolean keepAlive) implements Incoming {

        static Received copyOf(FullHttpRequest request) {
            return new Received(request.method(), request.uri(), request.protocolVersion(),
                    request.headers().copy(), ByteBufUtil.getBytes(request.content()), HttpUtil.isKeepAlive(request));
        }
    }

    /** A request refused before routing. */
    private record Refused(Rejection rejection) implements Incoming {}
}

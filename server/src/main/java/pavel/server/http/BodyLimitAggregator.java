package pavel.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Collects each request's body, up to a limit, into one {@code FullHttpRequest}.
 *
 * <p>A body over the limit, announced by {@code Content-Length} or found while reading chunks, becomes a
 * {@link Rejection} with status {@code 413}, which closes the connection once answered. A request that
 * says {@code Expect: 100-continue} gets {@code 100 Continue} if its length is within the limit, and a
 * closing {@code 413} (or {@code 417} for any other expectation) problem right away if not. Per-connection
 * state lives in the Netty base class; one instance per connection.
 */
public final class BodyLimitAggregator extends HttpObjectAggregator {

    private final int maxBodyBytes;

    /** @param maxBodyBytes the largest body accepted, in bytes */
    public BodyLimitAggregator(int maxBodyBytes) {
        super(maxBodyBytes, true);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected @Nullable Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof FullHttpResponse refusal
                && refusal.status().codeClass() == HttpStatusClass.CLIENT_ERROR) {
            HttpResponseStatus status = refusal.status();
            refusal.release();
            HttpStatusException error = status.equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)
                    ? tooLarge()
                    : new HttpStatusException(status, "The only expectation supported is 'Expect: 100-continue'.");
            return HttpResponses.closingProblem(error);
        }
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        if (oversized instanceof HttpRequest request) {
            LingeringClose.request(ctx.channel()); // the rest of the body may still be on its way
            ctx.fireChannelRead(new Rejection(request.method(), RequestTarget.instanceOf(request.uri()), tooLarge()));
        } else {
            ctx.close();
        }
    }

    private HttpStatusException tooLarge() {
        return new HttpStatusException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "The request body is larger than " + maxBodyBytes + " bytes.",
                Map.of("limit", maxBodyBytes), Map.of());
    }
}

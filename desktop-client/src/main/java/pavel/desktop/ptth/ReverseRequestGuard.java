package pavel.desktop.ptth;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.jspecify.annotations.Nullable;

/**
 * Checks each reversed request before it is handled (PTTH.md §2.1.5, §5.1.1): a request the decoder could not read
 * (too long a request line: 414, too large a head: 431, otherwise 400) or one with two {@code Host} fields (400,
 * TV-8i) becomes a {@link RejectedRequest}, which the dispatcher answers in its turn before closing. An empty or
 * missing {@code Host} is fine (TV-8h), and {@code Host} is never used for routing. Stateless.
 */
final class ReverseRequestGuard extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request) {
            RejectedRequest rejected = check(request);
            if (rejected != null) {
                request.release();
                ctx.fireChannelRead(rejected);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private static @Nullable RejectedRequest check(FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof TooLongHttpLineException) {
                return new RejectedRequest(414, "request line too long");
            }
            if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
                return new RejectedRequest(431, "request head too large");
            }
            return new RejectedRequest(400, "malformed request: " + cause);
        }
        if (request.headers().getAll(HttpHeaderNames.HOST).size() > 1) {
            return new RejectedRequest(400, "two Host fields");
        }
        return null;
    }
}

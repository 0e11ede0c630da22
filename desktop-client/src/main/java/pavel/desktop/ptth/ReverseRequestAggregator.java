package pavel.desktop.ptth;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Netty's aggregator, except that a request whose body is over the limit becomes a {@link RejectedRequest} (413)
 * answered in its turn, then the connection closes; the stock one writes its 413 at once, ahead of answers still
 * owed to earlier pipelined requests. One instance per channel.
 */
final class ReverseRequestAggregator extends HttpObjectAggregator {
    private final int maxContentLength;

    ReverseRequestAggregator(int maxContentLength) {
        super(maxContentLength);
        this.maxContentLength = maxContentLength;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.fireChannelRead(new RejectedRequest(413, "body over " + maxContentLength + " bytes"));
    }
}

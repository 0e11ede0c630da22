package pavel.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Closes a connection gently when the client may still be sending a body the server refused (a {@code 413} answered
 * before the body arrived): instead of closing at once, which makes the kernel reset the connection and can destroy
 * the answer before the client reads it, it sends FIN after the answer and reads and discards what keeps coming,
 * until the client closes, {@code maxBytes} were discarded or {@code maxTime} passed (Apache's and nginx's
 * "lingering close"). Other closes are not delayed. The first handler of the pipeline; one per connection.
 */
public final class LingeringClose extends ChannelDuplexHandler {

    private static final AttributeKey<Boolean> WANTED = AttributeKey.valueOf(LingeringClose.class, "wanted");

    private final long maxBytes;
    private final Duration maxTime;
    private boolean lingering;
    private boolean finished;
    private long discarded;
    private @Nullable ChannelPromise closePromise;
    private @Nullable ScheduledFuture<?> deadline;

    public LingeringClose(long maxBytes, Duration maxTime) {
        this.maxBytes = maxBytes;
        this.maxTime = maxTime;
    }

    /** Asks that the next close of {@code channel} lingers. */
    public static void request(Channel channel) {
        channel.attr(WANTED).set(Boolean.TRUE);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (lingering) {
            ctx.channel().closeFuture().addListener(closed -> promise.trySuccess());
            return;
        }
        if (!Boolean.TRUE.equals(ctx.channel().attr(WANTED).get()) || !(ctx.channel() instanceof DuplexChannel duplex)
                || !ctx.channel().isActive()) {
            ctx.close(promise);
            return;
        }
        lingering = true;
        closePromise = promise;
        duplex.shutdownOutput().addListener(done -> {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        });
        deadline = ctx.executor().schedule(() -> finish(ctx), maxTime.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!lingering) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof ByteBuf bytes) {
            discarded += bytes.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        if (discarded > maxBytes) {
            finish(ctx);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (lingering && event instanceof ChannelInputShutdownEvent) {
            finish(ctx); // the client is done sending
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (lingering && deadline != null && closePromise != null) {
            deadline.cancel(false);
            closePromise.trySuccess(); // the client closed first
        }
        ctx.fireChannelInactive();
    }

    private void finish(ChannelHandlerContext ctx) {
        if (!finished && deadline != null && closePromise != null) {
            finished = true;
            deadline.cancel(false);
            ctx.close(closePromise);
        }
    }
}

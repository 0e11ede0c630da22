package pavel.desktop.ptth;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code T_dead} watchdog (PTTH.md §2.2.5): behind an {@code IdleStateHandler} with a reader timeout, closes a
 * connection on which the server has sent nothing (not even a heartbeat) for that long; the client then reconnects.
 * The long-poll flavour uses it for its read timeout ({@code T_hold} + 15 s). Stateless.
 */
final class DeadPeerHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DeadPeerHandler.class);

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            LOG.info("Nothing from the PTTH server on {} for too long; closing to reconnect", ctx.channel());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }
}

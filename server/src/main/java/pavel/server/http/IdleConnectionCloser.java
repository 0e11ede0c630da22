package pavel.server.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Closes the connection when nothing more will happen on it, but never under a request in flight. A request
 * is in flight from its last byte to its response's last byte; a request still arriving is not, so a client
 * that stops sending halfway is closed like an idle one.
 *
 * <ul>
 *   <li>after the idle timeout (an {@link IdleStateEvent} from the {@code IdleStateHandler} before it),
 *       if no request is in flight; otherwise the connection waits for the next timeout;
 *   <li>when the server drains ({@link ConnectionEvent#DRAIN}) or the client half-closes its side
 *       ({@link ChannelInputShutdownEvent}): at once if no request is in flight, else after the last
 *       response, which then carries {@code Connection: close}.
 * </ul>
 *
 * <p>Sits after the keep-alive handler so that the keep-alive handler sees the {@code Connection: close} it
 * adds. State is per connection and only touched on the event loop; one instance per connection.
 */
public final class IdleConnectionCloser extends ChannelDuplexHandler {

    private int inFlight;
    private boolean closeWhenDone;
    private boolean informational;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof LastHttpContent) {
            inFlight++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ChannelPromise written = promise;
        if (msg instanceof HttpResponse response) {
            informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (closeWhenDone && !informational && inFlight <= 1) {
                HttpUtil.setKeepAlive(response, false);
            }
        }
        if (msg instanceof LastHttpContent && !informational) {
            inFlight = Math.max(0, inFlight - 1);
            if (closeWhenDone && inFlight == 0) {
                written = promise.unvoid().addListener(ChannelFutureListener.CLOSE);
            }
        }
        ctx.write(msg, written);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        boolean finishing = event == ConnectionEvent.DRAIN || event instanceof ChannelInputShutdownEvent;
        if (finishing || event instanceof IdleStateEvent) {
            closeWhenDone |= finishing;
            if (inFlight == 0) {
                ctx.close();
            }
        }
        if (!(event instanceof IdleStateEvent) && event != ConnectionEvent.DRAIN) {
            ctx.fireUserEventTriggered(event);
        }
    }
}

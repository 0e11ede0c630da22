package pavel.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.jspecify.annotations.Nullable;

/**
 * Replaces requests that are not valid HTTP/1.x with a {@link Rejection}: what the decoder could not parse
 * ({@code 400}), a request line or header section over the limit ({@code 414}, {@code 431}), a protocol
 * other than HTTP ({@code 400}) or another major version ({@code 505}), and an HTTP/1.1 request without
 * exactly one {@code Host} header ({@code 400}). Valid requests pass unchanged.
 *
 * <p>Stateless; one instance per connection keeps the pipeline uniform.
 */
public final class MalformedRequestHandler extends ChannelInboundHandlerAdapter {

    private static final int REASON_LIMIT = 120;

    private final int maxHeadBytes;

    /** @param maxHeadBytes the limit the decoder enforces, to name it in the problem */
    public MalformedRequestHandler(int maxHeadBytes) {
        this.maxHeadBytes = maxHeadBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request) {
            HttpStatusException error = check(request);
            if (error != null) {
                boolean parsed = request.decoderResult().isSuccess();
                Rejection rejection = new Rejection(request.method(), parsed ? RequestTarget.instanceOf(request.uri()) : null, error);
                request.release();
                ctx.fireChannelRead(rejection);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private @Nullable HttpStatusException check(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            return switch (cause) {
                case TooLongHttpHeaderException _ -> new HttpStatusException(
                        HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        "The request's header section is larger than " + maxHeadBytes + " bytes.");
                case TooLongHttpLineException _ -> new HttpStatusException(
                        HttpResponseStatus.REQUEST_URI_TOO_LONG,
                        "The request line is longer than " + maxHeadBytes + " bytes.");
                case null, default -> HttpStatusException.badRequest(
                        "The request is not valid HTTP/1.1 (" + reason(cause) + ").");
            };
        }
        HttpVersion version = request.protocolVersion();
        if (!version.protocolName().equals("HTTP")) {
            return HttpStatusException.badRequest(
                    "The request line names protocol '" + printable(version.protocolName()) + "', not HTTP.");
        }
        if (version.majorVersion() != 1) {
            return new HttpStatusException(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
                    "This server speaks HTTP/1.1 and HTTP/1.0, not " + printable(version.text()) + ".");
        }
        if (HttpVersion.HTTP_1_1.equals(version) && request.headers().getAll(HttpHeaderNames.HOST).size() != 1) {
            return HttpStatusException.badRequest("An HTTP/1.1 request needs exactly one Host header.");
        }
        return null;
    }

    private static String reason(@Nullable Throwable cause) {
        return printable(cause == null || cause.getMessage() == null ? "unreadable" : cause.getMessage());
    }

    /** Client text made safe to quote: printable ASCII only, and short. */
    private static String printable(String message) {
        StringBuilder reason = new StringBuilder();
        for (int i = 0; i < message.length() && reason.length() < REASON_LIMIT; i++) {
            char c = message.charAt(i);
            reason.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        return reason.toString();
    }
}

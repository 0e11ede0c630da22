package pavel.server.ptth;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pavel.ptth.Header;
import pavel.ptth.PtthFormatException;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;

/**
 * Turns reverse requests into HTTP/1.1 messages for an upgraded socket and the client's responses back
 * (PTTH.md rule 2.1.4): {@code Host} first and empty, never {@code Expect}, framing computed here. Stateless.
 */
final class ReverseWire {

    private ReverseWire() {}

    /** The wire request; the caller owns (and the encoder releases) its buffer. */
    static FullHttpRequest toHttp(ReverseRequest request) {
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
        ByteBuf content = body.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        HttpMethod method = HttpMethod.valueOf(request.method());
        FullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, request.uri(), content);
        HttpHeaders headers = out.headers();
        headers.add("Host", "");
        for (Header header : request.headers()) {
            if (!header.isFraming() && !header.name().equalsIgnoreCase("host")
                    && !header.name().equalsIgnoreCase("expect")) {
                headers.add(header.name(), header.value());
            }
        }
        if (body.length > 0 || method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT)
                || method.equals(HttpMethod.PATCH)) {
            headers.add("Content-Length", Integer.toString(body.length));
        }
        return out;
    }

    /**
     * The client's answer to {@code request}, framing fields left out; the body as UTF-8 text.
     *
     * @throws PtthFormatException if a field or the status cannot be carried
     */
    static ReverseResponse toResponse(ReverseRequest request, FullHttpResponse response) {
        List<Header> headers = new ArrayList<>();
        for (Map.Entry<String, String> field : response.headers()) {
            Header header = new Header(field.getKey(), field.getValue());
            if (!header.isFraming()) {
                headers.add(header);
            }
        }
        return new ReverseResponse(request.messageId(), response.protocolVersion().text(), response.status().code(),
                response.status().reasonPhrase(), headers, response.content().toString(StandardCharsets.UTF_8));
    }
}

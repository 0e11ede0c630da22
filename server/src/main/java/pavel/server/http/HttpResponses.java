package pavel.server.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Date;
import java.util.Map;

/**
 * Turns a {@link Response} into the Netty message that goes on the wire, adding what every response
 * carries: {@code Content-Length} (except where HTTP forbids it), {@code Date}, {@code Connection} and
 * {@code X-Content-Type-Options: nosniff}. Stateless.
 */
final class HttpResponses {

    private HttpResponses() {}

    /**
     * The wire message for {@code response}.
     *
     * @param version the request's protocol version; HTTP/1.0 is answered in kind, everything else as 1.1
     * @param head whether the request was {@code HEAD}: the body is left out, its length kept
     * @param keepAlive whether the connection stays open after this response
     */
    static FullHttpResponse toNetty(Response response, HttpVersion version, boolean head, boolean keepAlive) {
        HttpVersion answer = HttpVersion.HTTP_1_0.equals(version) ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        byte[] body = response.bodyBytes();
        FullHttpResponse out = new DefaultFullHttpResponse(
                answer, response.status(), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders headers = out.headers();
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            headers.set(header.getKey(), header.getValue());
        }
        HttpResponseStatus status = response.status();
        // RFC 9110 §8.6: no Content-Length on 1xx and 204.
        if (status.codeClass() == HttpStatusClass.INFORMATIONAL || status.code() == 204) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        } else {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        headers.set(HttpHeaderNames.DATE, DateFormatter.format(new Date()));
        headers.set("x-content-type-options", "nosniff");
        HttpUtil.setKeepAlive(out, keepAlive);
        return out;
    }

    /** The wire message for a problem sent before a request reached the dispatcher; it closes the connection. */
    static FullHttpResponse closingProblem(HttpStatusException error) {
        return toNetty(Response.problem(error, null), HttpVersion.HTTP_1_1, false, false);
    }
}

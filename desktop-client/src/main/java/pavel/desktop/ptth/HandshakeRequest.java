package pavel.desktop.ptth;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import pavel.ptth.Header;

/**
 * The handshake of one attempt (PTTH.md §2.2.1): {@code POST <target> HTTP/1.1}, {@code Host}, {@code Upgrade},
 * {@code Connection: Upgrade}, the Pavel fields, {@code Content-Length: 0}, in this order.
 *
 * @param fields the fields between {@code Connection} and {@code Content-Length}
 */
record HandshakeRequest(String target, String authority, String token, List<Header> fields) {
    HandshakeRequest {
        fields = List.copyOf(fields);
    }

    /** The handshake {@code config} asks for, offering {@code token} and resuming {@code sessionId} if not null. */
    static HandshakeRequest of(PtthClientConfig config, String token, @Nullable String sessionId) {
        return of(config, config.target(), token, sessionId);
    }

    /** The same, to {@code target} instead of the configured endpoint (a session's queue URI). */
    static HandshakeRequest of(PtthClientConfig config, String target, String token, @Nullable String sessionId) {
        List<Header> fields = new ArrayList<>();
        if (sessionId != null) {
            fields.add(new Header("Pavel-Session", sessionId));
        }
        if (!config.viewSpaces().isEmpty()) {
            fields.add(new Header("Pavel-View", String.join(",", config.viewSpaces())));
        }
        fields.addAll(config.extraHeaders());
        for (Header h : config.dynamicHeaders().get()) {
            if (h.isFraming() || h.name().equalsIgnoreCase("Host")) {
                throw new IllegalArgumentException("Dynamic header '" + h.name() + "' is set by the client itself.");
            }
            fields.add(h);
        }
        return new HandshakeRequest(target, config.authority(), token, fields);
    }

    FullHttpRequest toHttp() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, target,
                Unpooled.EMPTY_BUFFER);
        request.headers().add("Host", authority);
        request.headers().add("Upgrade", token);
        request.headers().add("Connection", "Upgrade");
        for (Header h : fields) {
            request.headers().add(h.name(), h.value());
        }
        request.headers().add("Content-Length", "0");
        return request;
    }
}

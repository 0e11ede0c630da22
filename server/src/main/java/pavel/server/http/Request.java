package pavel.server.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A routed request: method, path, captured path parameters, query, headers, the whole body and where it came from.
 *
 * <p>Immutable and safe to hand to another thread; the body is a private copy of what was received (at
 * most the configured body limit).
 */
public final class Request {

    private final HttpMethod method;
    private final RequestTarget target;
    private final Map<String, String> pathParams;
    private final String rest;
    private final HttpHeaders headers;
    private final byte[] body;
    private final @Nullable SocketAddress remoteAddress;

    Request(HttpMethod method, RequestTarget target, PathPattern.Match match, HttpHeaders headers, byte[] body,
            @Nullable SocketAddress remoteAddress) {
        this.method = Objects.requireNonNull(method, "method");
        this.target = Objects.requireNonNull(target, "target");
        this.pathParams = match.params();
        this.rest = match.rest();
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
        this.remoteAddress = remoteAddress;
    }

    /** The method; {@code GET} when a {@code HEAD} request is served by a {@code GET} route. */
    public HttpMethod method() {
        return method;
    }

    /** The path as sent, still percent-encoded, without the query. */
    public String path() {
        return target.path();
    }

    /**
     * The peer of the connection the request came on (an {@code InetSocketAddress} on a real socket), or
     * {@code null} when unknown. No proxy headers are consulted.
     */
    public @Nullable SocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** The decoded value of a {@code {name}} path parameter, or {@code null} if the route has none. */
    public @Nullable String findPathParam(String name) {
        return pathParams.get(name);
    }

    /**
     * The decoded value of a {@code {name}} path parameter.
     *
     * @throws IllegalArgumentException if the route's pattern has no such parameter
     */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    "The route has no path parameter '" + name + "'; it has " + pathParams.keySet() + ".");
        }
        return value;
    }

    /**
     * What the route's final {@code **} captured, decoded: {@code ""}, {@code "/"} or a path like
     * {@code "/body/div[2]"}. Always {@code ""} for patterns without {@code **}.
     */
    public String rest() {
        return rest;
    }

    /** The first value of a query parameter, or {@code null} if absent. */
    public @Nullable String queryParam(String name) {
        List<String> values = target.query().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** All values of a query parameter; maybe empty, never null. */
    public List<String> queryParams(String name) {
        return target.query().getOrDefault(name, List.of());
    }

    /** The first value of a header, or {@code null} if absent. */
    public @Nullable String header(CharSequence name) {
        return headers.get(name);
    }

    /** All values of a header; maybe empty, never null. */
    public List<String> headers(CharSequence name) {
        return List.copyOf(headers.getAll(name));
    }

    /** The body's length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    /** The body as a stream, without copying it. */
    public InputStream bodyStream() {
        return new ByteArrayInputStream(body);
    }

    /** The body decoded as UTF-8; malformed bytes become U+FFFD. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body decoded as UTF-8, or null when it is not valid UTF-8 (for handlers that must refuse it). */
    public @Nullable String strictBodyText() {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return method + " " + target.path();
    }
}

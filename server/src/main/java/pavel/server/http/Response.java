package pavel.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A complete response: status, headers and body.
 *
 * <p>Immutable, so handlers may cache and share instances. The factories take ownership of the byte array
 * they are given: do not change it afterwards. Header names are kept in lower case; the pipeline adds
 * {@code Content-Length}, {@code Date}, {@code Connection} and {@code X-Content-Type-Options} itself.
 */
public final class Response {

    /** The media type of JSON documents. */
    public static final String JSON = "application/json";

    private static final byte[] EMPTY = new byte[0];
    /** The characters of an HTTP token (RFC 9110 §5.6.2), by code point below 128. */
    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[Character.toUpperCase(c)] = true;
        }
    }

    private final HttpResponseStatus status;
    private final Map<String, String> headers;
    private final byte[] body;

    private Response(HttpResponseStatus status, Map<String, String> headers, byte[] body) {
        this.status = Objects.requireNonNull(status, "status");
        this.headers = Collections.unmodifiableMap(headers);
        this.body = Objects.requireNonNull(body, "body");
    }

    /** A response with a body of the given media type. */
    public static Response of(HttpResponseStatus status, String contentType, byte[] body) {
        return empty(status).withHeader("content-type", contentType).withBody(body);
    }

    /** A {@code 200 OK} with a body of the given media type. */
    public static Response ok(String contentType, byte[] body) {
        return of(HttpResponseStatus.OK, contentType, body);
    }

    /** A JSON response; {@code json} must be UTF-8 JSON. */
    public static Response json(HttpResponseStatus status, byte[] json) {
        return of(status, JSON, json);
    }

    /** A {@code text/plain} response in UTF-8. */
    public static Response text(HttpResponseStatus status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A response without a body, e.g. {@code 204 No Content} or {@code 202 Accepted}. */
    public static Response empty(HttpResponseStatus status) {
        return new Response(status, new LinkedHashMap<>(), EMPTY);
    }

    /** The {@code application/problem+json} response for {@code problem}. */
    public static Response problem(Problem problem) {
        return of(HttpResponseStatus.valueOf(problem.status()), Problem.MEDIA_TYPE, problem.toJson());
    }

    /** The problem response for {@code error}, including the headers it carries. */
    public static Response problem(HttpStatusException error, @Nullable String instance) {
        Response response = problem(error.toProblem(instance));
        for (Map.Entry<String, String> header : error.headers().entrySet()) {
            response = response.withHeader(header.getKey(), header.getValue());
        }
        return response;
    }

    /**
     * A copy with the header set, replacing any value it had.
     *
     * @throws IllegalArgumentException if the name is not an HTTP token or the value has control characters
     *     (which could split the response)
     */
    public Response withHeader(String name, String value) {
        Objects.requireNonNull(value, "value");
        if (!isToken(name)) {
            throw new IllegalArgumentException("Header name '" + name + "' is not an HTTP token.");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("Header " + name + " has a control character at index " + i + ".");
            }
        }
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name.toLowerCase(Locale.ROOT), value);
        return new Response(status, copy, body);
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= TOKEN.length || !TOKEN[c]) {
                return false;
            }
        }
        return true;
    }

    private Response withBody(byte[] newBody) {
        return new Response(status, new LinkedHashMap<>(headers), newBody);
    }

    /** The status. */
    public HttpResponseStatus status() {
        return status;
    }

    /** The value of a header, or {@code null} if it is not set. */
    public @Nullable String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** All headers, with lower-case names. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The body's length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    /** The body itself, for the pipeline to wrap without copying. */
    byte[] bodyBytes() {
        return body;
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + headers + ", " + body.length + " bytes]";
    }
}

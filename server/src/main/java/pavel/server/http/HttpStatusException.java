package pavel.server.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A request that cannot be answered as asked, with the HTTP status and the sentence to tell the client.
 *
 * <p>The pipeline turns it into an RFC 9457 problem (see {@link Problem}): the message becomes the
 * {@code detail}, {@link #details()} become extension members and {@link #headers()} are added to the
 * response (for example {@code Allow} on a {@code 405}). The status must be a 4xx or 5xx.
 *
 * <p>It carries no stack trace: it is an answer, not a bug. Immutable once thrown.
 */
public final class HttpStatusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final transient Map<String, Object> details;
    private final transient Map<String, String> headers;

    /**
     * Creates an exception with a status and a one-sentence detail for the client.
     *
     * @param status the 4xx or 5xx status to answer with
     * @param detail a human sentence that names the bad value, e.g. "Nothing is served at /x."
     */
    public HttpStatusException(HttpResponseStatus status, String detail) {
        this(status, detail, Map.of(), Map.of());
    }

    /**
     * Creates an exception with extension members and extra response headers.
     *
     * @param status the 4xx or 5xx status to answer with
     * @param detail a human sentence for the client
     * @param details extension members of the problem, e.g. {@code "limit", 1048576}
     * @param headers response headers to add, e.g. {@code "allow", "GET, HEAD"}
     */
    public HttpStatusException(
            HttpResponseStatus status, String detail, Map<String, ?> details, Map<String, String> headers) {
        super(Objects.requireNonNull(detail, "detail"), null, false, false);
        this.status = Objects.requireNonNull(status, "status");
        if (status.code() < 400 || status.code() > 599) {
            throw new IllegalArgumentException("Status (" + status.code() + ") must be a 4xx or 5xx status.");
        }
        this.details = Map.copyOf(details);
        Map<String, String> lowerCase = new LinkedHashMap<>();
        headers.forEach((name, value) -> lowerCase.put(name.toLowerCase(Locale.ROOT), value));
        this.headers = Map.copyOf(lowerCase);
    }

    /** A {@code 400 Bad Request} with the given sentence. */
    public static HttpStatusException badRequest(String detail) {
        return new HttpStatusException(HttpResponseStatus.BAD_REQUEST, detail);
    }

    /** A {@code 404 Not Found} with the given sentence. */
    public static HttpStatusException notFound(String detail) {
        return new HttpStatusException(HttpResponseStatus.NOT_FOUND, detail);
    }

    /**
     * A {@code 405 Method Not Allowed} with an {@code Allow} header listing {@code allowed}.
     *
     * @param method the method that was used
     * @param path the request path, as sent
     * @param allowed the methods the path supports, in the order to list them
     */
    public static HttpStatusException methodNotAllowed(HttpMethod method, String path, Collection<HttpMethod> allowed) {
        String allow = allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
        String detail = path + " does not support " + method.name() + "; it supports " + allow + ".";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("allowed", allowed.stream().map(HttpMethod::name).toList());
        return new HttpStatusException(HttpResponseStatus.METHOD_NOT_ALLOWED, detail, details, Map.of("allow", allow));
    }

    /** The status to answer with. */
    public HttpResponseStatus status() {
        return status;
    }

    /** The sentence for the client; the problem's {@code detail}. */
    public String detail() {
        return getMessage();
    }

    /** Extension members for the problem; maybe empty, never null. */
    public Map<String, Object> details() {
        return details;
    }

    /** Headers to add to the response, with lower-case names; maybe empty, never null. */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    /**
     * The problem that describes this exception.
     *
     * @param instance the request path the problem occurred at, or {@code null} if unknown
     */
    public Problem toProblem(@Nullable String instance) {
        return Problem.of(status, detail(), instance).withExtensions(details);
    }
}

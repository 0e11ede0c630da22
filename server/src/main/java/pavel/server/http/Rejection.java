package pavel.server.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline message that stands for a request refused before routing (malformed, head or body too
 * large). {@link RequestDispatcher} answers it with its problem, in order with the requests before it, and
 * then closes the connection. The answer is HTTP/1.1: the request's own version may be what was malformed.
 *
 * @param method the request's method, for {@code HEAD}
 * @param path the path it asked for, if it got that far, for the problem's {@code instance}
 * @param error the status and sentence to answer with
 */
public record Rejection(HttpMethod method, @Nullable String path, HttpStatusException error) {

    /** Checks that the members are there. */
    public Rejection {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(error, "error");
    }
}

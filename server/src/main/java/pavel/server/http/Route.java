package pavel.server.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One registered route: a method and a path pattern, and the handler with where it runs.
 *
 * @param method the method it answers ({@code GET} routes answer {@code HEAD} too)
 * @param pattern the path pattern
 * @param execution where the handler runs
 * @param handler the handler; a {@link Handler} that answers at once is adapted with {@link #now}
 */
record Route(HttpMethod method, PathPattern pattern, Execution execution, AsyncHandler handler) {

    Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(handler, "handler");
    }

    /** A handler that answers before it returns, as one that answers later. */
    static AsyncHandler now(Handler handler) {
        Objects.requireNonNull(handler, "handler");
        return request -> CompletableFuture.completedFuture(handler.handle(request));
    }

    @Override
    public String toString() {
        return method + " " + pattern + (execution == Execution.EVENT_LOOP ? " (event loop)" : "");
    }
}

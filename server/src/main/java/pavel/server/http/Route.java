package pavel.server.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Objects;

/**
 * One registered route: a method and a path pattern, and the handler with where it runs.
 *
 * @param method the method it answers ({@code GET} routes answer {@code HEAD} too)
 * @param pattern the path pattern
 * @param execution where the handler runs
 * @param handler the handler
 */
record Route(HttpMethod method, PathPattern pattern, Execution execution, Handler handler) {

    Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(handler, "handler");
    }

    @Override
    public String toString() {
        return method + " " + pattern + (execution == Execution.EVENT_LOOP ? " (event loop)" : "");
    }
}

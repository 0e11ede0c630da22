package pavel.server.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps a method and a path to a {@link Handler}.
 *
 * <p>Routes are registered explicitly, in {@link pavel.server.PavelRoutes}, and tried in registration
 * order: register specific patterns before wildcards that overlap them. A {@code GET} route also answers
 * {@code HEAD} (without the body). {@code OPTIONS} is answered for every path that has routes. A path
 * without routes is a {@code 404}; a path with routes for other methods is a {@code 405} whose
 * {@code Allow} header lists them.
 *
 * <pre>{@code
 * Router router = Router.newBuilder()
 *         .get("/health", Execution.EVENT_LOOP, health)
 *         .get("/doc/{space}/**", documents::read)
 *         .put("/doc/{space}/**", documents::replace)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Router {

    private final List<Route> routes;

    private Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** A builder without routes. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Finds what answers {@code method} at the decoded path {@code segments}. */
    RouteMatch match(HttpMethod method, List<String> segments) {
        Set<HttpMethod> methods = new LinkedHashSet<>();
        RouteMatch.Found getForHead = null;
        for (Route route : routes) {
            PathPattern.Match match = route.pattern().match(segments);
            if (match == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new RouteMatch.Found(route, match);
            }
            if (getForHead == null && method.equals(HttpMethod.HEAD) && route.method().equals(HttpMethod.GET)) {
                getForHead = new RouteMatch.Found(route, match);
            }
            methods.add(route.method());
            if (route.method().equals(HttpMethod.GET)) {
                methods.add(HttpMethod.HEAD);
            }
        }
        if (getForHead != null) {
            return getForHead;
        }
        if (methods.isEmpty()) {
            return new RouteMatch.NotFound();
        }
        methods.add(HttpMethod.OPTIONS);
        List<HttpMethod> allowed = List.copyOf(methods);
        return method.equals(HttpMethod.OPTIONS)
                ? new RouteMatch.Options(allowed)
                : new RouteMatch.MethodNotAllowed(allowed);
    }

    /** The routes, one per line, in matching order. */
    @Override
    public String toString() {
        return routes.stream().map(Route::toString).collect(Collectors.joining("\n"));
    }

    /** Collects routes; not thread-safe, use it from one thread and then {@link #build()}. */
    public static final class Builder {

        private final List<Route> routes = new ArrayList<>();

        private Builder() {}

        /** Registers a {@code GET} (and so {@code HEAD}) route whose handler runs on a virtual thread. */
        public Builder get(String pattern, Handler handler) {
            return route(HttpMethod.GET, pattern, Execution.VIRTUAL_THREAD, handler);
        }

        /** Registers a {@code GET} (and so {@code HEAD}) route whose handler runs where {@code execution} says. */
        public Builder get(String pattern, Execution execution, Handler handler) {
            return route(HttpMethod.GET, pattern, execution, handler);
        }

        /** Registers a {@code POST} route whose handler runs on a virtual thread. */
        public Builder post(String pattern, Handler handler) {
            return route(HttpMethod.POST, pattern, Execution.VIRTUAL_THREAD, handler);
        }

        /** Registers a {@code PUT} route whose handler runs on a virtual thread. */
        public Builder put(String pattern, Handler handler) {
            return route(HttpMethod.PUT, pattern, Execution.VIRTUAL_THREAD, handler);
        }

        /** Registers a {@code PATCH} route whose handler runs on a virtual thread. */
        public Builder patch(String pattern, Handler handler) {
            return route(HttpMethod.PATCH, pattern, Execution.VIRTUAL_THREAD, handler);
        }

        /** Registers a {@code DELETE} route whose handler runs on a virtual thread. */
        public Builder delete(String pattern, Handler handler) {
            return route(HttpMethod.DELETE, pattern, Execution.VIRTUAL_THREAD, handler);
        }

        /**
         * Registers a route for any method.
         *
         * @throws IllegalArgumentException if the pattern is malformed, the method is {@code HEAD} or
         *     {@code OPTIONS} (both are answered for you), or the same method and pattern are already
         *     registered
         */
        public Builder route(HttpMethod method, String pattern, Execution execution, Handler handler) {
            return add(method, pattern, execution, Route.now(handler));
        }

        /**
         * Registers a route whose handler starts on the event loop and answers when the stage it returns
         * completes: a request that waits without holding a thread.
         *
         * @throws IllegalArgumentException as {@link #route} does
         */
        public Builder async(HttpMethod method, String pattern, AsyncHandler handler) {
            return add(method, pattern, Execution.EVENT_LOOP, handler);
        }

        private Builder add(HttpMethod method, String pattern, Execution execution, AsyncHandler handler) {
            Objects.requireNonNull(method, "method");
            if (method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS)) {
                throw new IllegalArgumentException(
                        "Route " + method + " " + pattern + " is not needed: " + method + " is answered for you.");
            }
            Route route = new Route(method, PathPattern.parse(pattern), execution, handler);
            for (Route existing : routes) {
                if (existing.method().equals(method) && existing.pattern().equals(route.pattern())) {
                    throw new IllegalArgumentException("Route " + method + " " + pattern + " is registered twice.");
                }
            }
            routes.add(route);
            return this;
        }

        /** The router with the routes registered so far. */
        public Router build() {
            return new Router(routes);
        }
    }
}

package pavel.desktop.ptth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;

/**
 * Routes reversed requests by method and path to {@link ReverseHandler}s: the first route whose method and pattern
 * match wins; a path that some route knows but not with this method gets {@code 405} with {@code Allow}; an unknown
 * path {@code 404}. Immutable and thread-safe once built.
 *
 * <p>Patterns match the raw (still percent-encoded) path, without the query: literal segments, {@code *} for
 * exactly one segment, and a final {@code **} for the rest of the path, however long (also nothing):
 * {@code /doc/**} matches {@code /doc}, {@code /doc/} and {@code /doc/main/body/p}.
 *
 * <pre>{@code
 * ReverseRouter router = ReverseRouter.builder()
 *         .on("PUT", "/doc/**", req -> { replica.apply(req); return ReverseReplies.noContent(req); })
 *         .on("GET", "/doc/*", req -> ReverseReplies.ok(req, "text/plain", replica.hash()))
 *         .build();
 * }</pre>
 */
public final class ReverseRouter implements ReverseHandler {
    private final List<Route> routes;

    private ReverseRouter(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ReverseResponse handle(ReverseRequest request) throws Exception {
        String path = pathOf(request.uri());
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            if (route.matches(path)) {
                if (route.method().equals(request.method())) {
                    return route.handler().handle(request);
                }
                allowed.add(route.method());
            }
        }
        if (allowed.isEmpty()) {
            return ReverseReplies.status(request, 404);
        }
        return new ReverseResponse(request.messageId(), request.httpVersion(), 405, "",
                List.of(new Header("Allow", String.join(", ", allowed))), "");
    }

    @Override
    public String toString() {
        return "ReverseRouter" + routes.stream().map(r -> r.method() + " " + r.pattern()).toList();
    }

    private static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private record Route(String method, String pattern, List<String> segments, boolean rest, ReverseHandler handler) {
        static Route of(String method, String pattern, ReverseHandler handler) {
            if (!pattern.startsWith("/")) {
                throw new IllegalArgumentException("Route pattern '" + pattern + "' must start with '/'.");
            }
            List<String> segments = new ArrayList<>(List.of(pattern.substring(1).split("/", -1)));
            boolean rest = segments.getLast().equals("**");
            if (rest) {
                segments.removeLast();
            }
            if (segments.contains("**")) {
                throw new IllegalArgumentException("In route pattern '" + pattern + "', '**' may only be the last segment.");
            }
            return new Route(method, pattern, List.copyOf(segments), rest, handler);
        }

        boolean matches(String path) {
            if (!path.startsWith("/")) {
                return false;
            }
            String[] parts = path.substring(1).split("/", -1);
            if (rest ? parts.length < segments.size() : parts.length != segments.size()) {
                return false;
            }
            for (int i = 0; i < segments.size(); i++) {
                String s = segments.get(i);
                if (!s.equals("*") && !s.equals(parts[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Collects routes in order; not thread-safe. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        private Builder() {
        }

        /** Routes {@code method} (an HTTP token, case-sensitive as in RFC 9110) on {@code pattern} to {@code handler}. */
        public Builder on(String method, String pattern, ReverseHandler handler) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(handler, "handler");
            if (method.isEmpty() || !method.equals(method.toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Method '" + method + "' must be an upper-case HTTP method.");
            }
            routes.add(Route.of(method, pattern, handler));
            return this;
        }

        public ReverseRouter build() {
            return new ReverseRouter(routes);
        }
    }
}

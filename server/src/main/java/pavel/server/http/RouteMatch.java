package pavel.server.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;

/** What {@link Router#match} found for a method and path. */
sealed interface RouteMatch {

    /** A route answers this method at this path. */
    record Found(Route route, PathPattern.Match match) implements RouteMatch {}

    /** Routes exist for this path, but none for this method; {@code allowed} lists theirs. */
    record MethodNotAllowed(List<HttpMethod> allowed) implements RouteMatch {
        public MethodNotAllowed {
            allowed = List.copyOf(allowed);
        }
    }

    /** An {@code OPTIONS} request for a path that has routes; {@code allowed} lists their methods. */
    record Options(List<HttpMethod> allowed) implements RouteMatch {
        public Options {
            allowed = List.copyOf(allowed);
        }
    }

    /** No route has this path. */
    record NotFound() implements RouteMatch {}
}

package pavel.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final Response FROM_A = Response.empty(HttpResponseStatus.NO_CONTENT);
    private static final Response FROM_B = Response.empty(HttpResponseStatus.ACCEPTED);
    private static final Handler A = request -> FROM_A;
    private static final Handler B = request -> FROM_B;

    /** What the route's handler answers (these answer at once). */
    private static Response answerOf(RouteMatch.Found found) throws Exception {
        return found.route().handler().handle(null).toCompletableFuture().getNow(null);
    }

    private static List<String> path(String... segments) {
        return List.of(segments);
    }

    @Test
    void findsTheRouteForMethodAndPath() throws Exception {
        Router router = Router.newBuilder().get("/doc/{space}/**", A).put("/doc/{space}/**", B).build();

        RouteMatch.Found found = assertInstanceOf(RouteMatch.Found.class,
                router.match(HttpMethod.PUT, path("doc", "main", "body")));
        assertSame(FROM_B, answerOf(found));
        assertEquals("/body", found.match().rest());
    }

    @Test
    void headUsesTheGetRoute() {
        Router router = Router.newBuilder().get("/health", Execution.EVENT_LOOP, A).build();

        RouteMatch.Found found = assertInstanceOf(RouteMatch.Found.class, router.match(HttpMethod.HEAD, path("health")));
        assertEquals(HttpMethod.GET, found.route().method());
        assertEquals(Execution.EVENT_LOOP, found.route().execution());
    }

    @Test
    void pathWithOtherMethodsIsMethodNotAllowedListingThem() {
        Router router = Router.newBuilder().get("/objects/{name}", A).post("/objects/{name}", B).build();

        RouteMatch.MethodNotAllowed refused = assertInstanceOf(RouteMatch.MethodNotAllowed.class,
                router.match(HttpMethod.DELETE, path("objects", "counter")));
        assertEquals(List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.OPTIONS), refused.allowed());
    }

    @Test
    void optionsListsTheMethodsOfThePath() {
        Router router = Router.newBuilder().post("/ptth", A).build();

        assertEquals(new RouteMatch.Options(List.of(HttpMethod.POST, HttpMethod.OPTIONS)),
                router.match(HttpMethod.OPTIONS, path("ptth")));
    }

    @Test
    void pathWithoutRoutesIsNotFound() {
        Router router = Router.newBuilder().get("/health", A).build();

        assertEquals(new RouteMatch.NotFound(), router.match(HttpMethod.GET, path("nope")));
        assertEquals(new RouteMatch.NotFound(), router.match(HttpMethod.OPTIONS, path("nope")));
    }

    @Test
    void earlierRouteWinsWhenPatternsOverlap() throws Exception {
        Router router = Router.newBuilder().get("/doc/main/special", A).get("/doc/{space}/**", B).build();

        RouteMatch.Found found = assertInstanceOf(RouteMatch.Found.class,
                router.match(HttpMethod.GET, path("doc", "main", "special")));
        assertSame(FROM_A, answerOf(found));
    }

    @Test
    void sameMethodAndPatternTwiceIsRejected() {
        Router.Builder builder = Router.newBuilder().get("/health", A);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.get("/health", B));
        assertEquals("Route GET /health is registered twice.", e.getMessage());
    }

    @Test
    void headAndOptionsRoutesAreRejectedBecauseTheyAreAutomatic() {
        assertThrows(IllegalArgumentException.class,
                () -> Router.newBuilder().route(HttpMethod.HEAD, "/x", Execution.EVENT_LOOP, A));
        assertThrows(IllegalArgumentException.class,
                () -> Router.newBuilder().route(HttpMethod.OPTIONS, "/x", Execution.EVENT_LOOP, A));
    }

    @Test
    void customMethodsCanBeRouted() {
        HttpMethod report = HttpMethod.valueOf("REPORT");
        Router router = Router.newBuilder().route(report, "/x", Execution.VIRTUAL_THREAD, A).build();

        assertInstanceOf(RouteMatch.Found.class, router.match(HttpMethod.valueOf("REPORT"), path("x")));
    }
}

package pavel.desktop.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;

final class ReverseRouterTest {
    private static final ReverseRouter ROUTER = ReverseRouter.builder()
            .on("PUT", "/doc/**", req -> ReverseReplies.ok(req, "text/plain", "doc op"))
            .on("GET", "/doc/*/", req -> ReverseReplies.ok(req, "text/plain", "replica"))
            .on("PUT", "/presence/*", req -> ReverseReplies.ok(req, "text/plain", "presence"))
            .on("DELETE", "/presence/*", req -> ReverseReplies.ok(req, "text/plain", "gone"))
            .on("POST", "/console", req -> ReverseReplies.ok(req, "text/plain", "console"))
            .build();

    private static ReverseResponse route(String method, String uri) throws Exception {
        return ROUTER.handle(new ReverseRequest("u-1", method, uri, "HTTP/1.1", List.of(), ""));
    }

    @Test
    void doubleStarMatchesTheRestOfThePathHoweverLong() throws Exception {
        assertEquals("doc op", route("PUT", "/doc/main/body/div%5B2%5D").body());
        assertEquals("doc op", route("PUT", "/doc/main/").body());
        assertEquals("doc op", route("PUT", "/doc").body());
        assertEquals(404, route("PUT", "/docs").status());
    }

    @Test
    void singleStarMatchesExactlyOneSegment() throws Exception {
        assertEquals("replica", route("GET", "/doc/main/").body());
        assertEquals("presence", route("PUT", "/presence/ann").body());
        assertEquals(404, route("PUT", "/presence/ann/cursor").status());
    }

    @Test
    void queryIsNotPartOfThePath() throws Exception {
        assertEquals("console", route("POST", "/console?since=4").body());
    }

    @Test
    void knownPathWithAnotherMethodIs405ListingTheAllowedOnes() throws Exception {
        ReverseResponse response = route("GET", "/presence/ann");
        assertEquals(405, response.status());
        assertEquals("PUT, DELETE", response.header("Allow"));
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertEquals(404, route("GET", "/nothing").status());
        assertEquals(404, route("OPTIONS", "*").status());
    }

    @Test
    void badRoutesAreRefusedWithTheirPattern() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReverseRouter.builder().on("GET", "doc", req -> ReverseReplies.noContent(req)));
        assertEquals("Route pattern 'doc' must start with '/'.", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReverseRouter.builder().on("GET", "/a/**/b", ReverseReplies::noContent));
        assertThrows(IllegalArgumentException.class, () -> ReverseRouter.builder().on("get", "/a", ReverseReplies::noContent));
    }
}

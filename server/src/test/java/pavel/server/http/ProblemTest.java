package pavel.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTest {

    private static String json(Problem problem) {
        return new String(problem.toJson(), StandardCharsets.UTF_8);
    }

    @Test
    void writesTheStandardMembersInOrderAndLeavesOutMissingOnes() {
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"Nothing is served at /x.\",\"instance\":\"/x\"}",
                json(Problem.of(HttpResponseStatus.NOT_FOUND, "Nothing is served at /x.", "/x")));
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400}",
                json(Problem.of(HttpResponseStatus.BAD_REQUEST, null, null)));
    }

    @Test
    void writesExtensionMembersAtTheTopLevel() {
        Problem problem = Problem.of(HttpResponseStatus.CONFLICT, "Stale.", null).withExtensions(Map.of("base", 4));

        assertEquals("{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,\"detail\":\"Stale.\",\"base\":4}",
                json(problem));
    }

    @Test
    void extensionMayNotShadowAStandardMember() {
        Problem problem = Problem.of(HttpResponseStatus.CONFLICT, "Stale.", null);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> problem.withExtensions(Map.of("status", 200)));
        assertEquals("Extension member 'status' clashes with a standard member.", e.getMessage());
    }

    @Test
    void methodNotAllowedCarriesAllowHeaderAndList() {
        HttpStatusException e = HttpStatusException.methodNotAllowed(
                HttpMethod.PUT, "/health", List.of(HttpMethod.GET, HttpMethod.HEAD));

        assertEquals(Map.of("allow", "GET, HEAD"), e.headers());
        assertEquals(List.of("GET", "HEAD"), e.toProblem("/health").extensions().get("allowed"));
        assertEquals("/health does not support PUT; it supports GET, HEAD.", e.getMessage());
    }

    @Test
    void statusExceptionOnlyCarriesErrorStatuses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HttpStatusException(HttpResponseStatus.OK, "fine"));

        assertEquals("Status (200) must be a 4xx or 5xx status.", e.getMessage());
    }

    @Test
    void statusExceptionHeaderNamesAreLowerCase() {
        HttpStatusException e = new HttpStatusException(
                HttpResponseStatus.TOO_MANY_REQUESTS, "Slow down.", Map.of(), Map.of("Retry-After", "3"));

        assertEquals(Map.of("retry-after", "3"), e.headers());
    }
}

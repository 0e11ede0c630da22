package pavel.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathPatternTest {

    @Test
    void literalPatternMatchesOnlyItself() {
        PathPattern health = PathPattern.parse("/health");

        assertEquals(Map.of(), health.match(List.of("health")).params());
        assertNull(health.match(List.of("health", "")));
        assertNull(health.match(List.of("healthz")));
        assertNull(health.match(List.of("")));
    }

    @Test
    void rootPatternMatchesOnlyTheRoot() {
        PathPattern root = PathPattern.parse("/");

        assertEquals("", root.match(List.of("")).rest());
        assertNull(root.match(List.of("index.html")));
    }

    @Test
    void parameterCapturesOneNonEmptySegment() {
        PathPattern objects = PathPattern.parse("/objects/{name}");

        assertEquals(Map.of("name", "counter"), objects.match(List.of("objects", "counter")).params());
        assertNull(objects.match(List.of("objects", "")));
        assertNull(objects.match(List.of("objects", "a", "b")));
    }

    @Test
    void restCapturesEverythingAfterItsPrefix() {
        PathPattern doc = PathPattern.parse("/doc/{space}/**");

        assertEquals("", doc.match(List.of("doc", "main")).rest());
        assertEquals("/", doc.match(List.of("doc", "main", "")).rest());
        assertEquals("/body/div[2]/span[@id='x']",
                doc.match(List.of("doc", "main", "body", "div[2]", "span[@id='x']")).rest());
        assertEquals(Map.of("space", "main"), doc.match(List.of("doc", "main", "body")).params());
        assertNull(doc.match(List.of("doc")));
        assertNull(doc.match(List.of("docs", "main")));
    }

    @Test
    void decodedDotDotIsJustASegment() {
        assertNull(PathPattern.parse("/app.css").match(List.of("..", "app.css")));
    }

    @Test
    void malformedPatternsAreRejectedWithTheirText() {
        assertEquals("Path pattern 'health' must start with '/'.",
                assertThrows(IllegalArgumentException.class, () -> PathPattern.parse("health")).getMessage());
        assertEquals("Path pattern '/a/**/b' may use '**' only as its last segment.",
                assertThrows(IllegalArgumentException.class, () -> PathPattern.parse("/a/**/b")).getMessage());
        assertEquals("Path pattern '/a/{1x}' has a malformed parameter '{1x}'.",
                assertThrows(IllegalArgumentException.class, () -> PathPattern.parse("/a/{1x}")).getMessage());
        assertEquals("Path pattern '/{a}/{a}' repeats the parameter 'a'.",
                assertThrows(IllegalArgumentException.class, () -> PathPattern.parse("/{a}/{a}")).getMessage());
        assertEquals("Path pattern '/a*b' has a malformed segment 'a*b'.",
                assertThrows(IllegalArgumentException.class, () -> PathPattern.parse("/a*b")).getMessage());
    }
}

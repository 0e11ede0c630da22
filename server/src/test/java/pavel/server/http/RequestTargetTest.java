package pavel.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTest {

    @Test
    void splitsThePathIntoDecodedSegments() {
        RequestTarget target = RequestTarget.parse("/doc/my%20space/div%5B2%5D/?depth=2&x=a+b");

        assertEquals("/doc/my%20space/div%5B2%5D/", target.path());
        assertEquals(List.of("doc", "my space", "div[2]", ""), target.segments());
        assertEquals(Map.of("depth", List.of("2"), "x", List.of("a b")), target.query());
    }

    @Test
    void rootIsOneEmptySegment() {
        assertEquals(List.of(""), RequestTarget.parse("/").segments());
    }

    @Test
    void encodedSlashStaysInsideItsSegment() {
        assertEquals(List.of("a/b", "c"), RequestTarget.parse("/a%2Fb/c").segments());
    }

    @Test
    void absoluteFormIsReducedToItsPath() {
        assertEquals("/health", RequestTarget.parse("http://localhost:8080/health").path());
        assertEquals("/", RequestTarget.parse("http://localhost").path());
        assertEquals(Map.of("a", List.of("1")), RequestTarget.parse("https://h?a=1").query());
    }

    @Test
    void dotSegmentsAreNotResolved() {
        assertEquals(List.of("..", "etc", "passwd"), RequestTarget.parse("/%2e%2e/etc/passwd").segments());
    }

    @ParameterizedTest
    @ValueSource(strings = {"health", "*", "/a b", "/a#b", "/%", "/%2", "/%zz", "/%ff", "/%00", "/a%0d%0ab",
        "/caf\u00e9", "/a?b=%", "/a?%zz"})
    void unacceptableTargetsAre400s(String target) {
        HttpStatusException e = assertThrows(HttpStatusException.class, () -> RequestTarget.parse(target));

        assertEquals(400, e.status().code());
    }

    @Test
    void messagesQuoteTheTargetShortenedAndWithoutControls() {
        HttpStatusException e = assertThrows(HttpStatusException.class, () -> RequestTarget.parse("x".repeat(200)));

        assertEquals("The request target '" + "x".repeat(80) + "…' is not an absolute path.", e.getMessage());
    }
}

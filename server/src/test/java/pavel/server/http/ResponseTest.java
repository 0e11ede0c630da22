package pavel.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseTest {

    @Test
    void headerNamesAreCaseInsensitive() {
        Response response = Response.text(HttpResponseStatus.OK, "hi").withHeader("Cache-Control", "no-store");

        assertEquals("no-store", response.header("cache-control"));
        assertEquals("text/plain; charset=utf-8", response.header("Content-Type"));
    }

    @Test
    void withHeaderLeavesTheOriginalUnchanged() {
        Response original = Response.empty(HttpResponseStatus.NO_CONTENT);

        original.withHeader("x-a", "1");

        assertEquals(null, original.header("x-a"));
    }

    @Test
    void headerValuesThatCouldSplitTheResponseAreRefused() {
        Response response = Response.empty(HttpResponseStatus.OK);

        assertEquals("Header location has a control character at index 2.", assertThrows(
                IllegalArgumentException.class, () -> response.withHeader("location", "/a\r\nSet-Cookie: x")).getMessage());
        assertEquals("Header name 'bad name' is not an HTTP token.", assertThrows(
                IllegalArgumentException.class, () -> response.withHeader("bad name", "v")).getMessage());
        for (String bad : new String[] {"", "a:b", "é", "a\u0000", "(x)", "a/b", "{x}"}) {
            assertThrows(IllegalArgumentException.class, () -> response.withHeader(bad, "v"), bad);
        }
        for (String good : new String[] {"x-a", "Pavel-Version", "!#$%&'*+-.^_`|~09azAZ"}) {
            assertEquals("v", response.withHeader(good, "v").header(good), good);
        }
    }

    @Test
    void bodyIsCopiedOnTheWayOut() {
        Response response = Response.text(HttpResponseStatus.OK, "abc");

        response.body()[0] = 'x';

        assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), response.body());
        assertEquals(3, response.bodyLength());
    }
}

package pavel.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON bodies of PTTH.md's test vectors, byte for byte. */
class PtthJsonTest {
    private static final String TV3_REQUEST = "{\"message-id\":\"m-0001\",\"method\":\"GET\",\"request-uri\":\"/status\","
            + "\"http-version\":\"PTTH/1.0\",\"headers\":[[\"Host\",\"\"],[\"Accept\",\"text/plain\"]],\"body\":\"\"}";
    private static final String TV6_RESPONSE = "{\"message-id\":\"m-0001\",\"http-version\":\"PTTH/1.0\",\"status\":200,"
            + "\"reason\":\"OK\",\"headers\":[[\"Content-Type\",\"text/plain\"]],\"body\":\"Good\"}";
    private static final String TV7_REQUEST = "{\"message-id\":\"m-0002\",\"method\":\"PUT\",\"request-uri\":\"/ui/widget/42\","
            + "\"http-version\":\"PTTH/1.0\",\"headers\":[[\"Host\",\"\"],[\"Content-Type\",\"application/json; charset=utf-8\"]],"
            + "\"body\":\"{\\\"text\\\":\\\"h\u00e9llo\\\"}\"}";
    private static final String TV7_RESPONSE = "{\"message-id\":\"m-0002\",\"http-version\":\"PTTH/1.0\",\"status\":204,"
            + "\"reason\":\"No Content\",\"headers\":[],\"body\":\"\"}";

    @Test
    void tv3AndTv6RequestObject() {
        ReverseRequest request = new ReverseRequest("m-0001", "GET", "/status", "PTTH/1.0",
                List.of(new Header("Host", ""), new Header("Accept", "text/plain")), "");
        assertEquals(TV3_REQUEST, PtthJson.write(request));
        assertEquals(146, PtthJson.write(request).getBytes(StandardCharsets.UTF_8).length);
        assertEquals(List.of(request), PtthJson.readRequests(TV3_REQUEST));
    }

    @Test
    void tv6ResponseObject() {
        ReverseResponse response = PtthJson.readResponses(TV6_RESPONSE).getFirst();
        assertEquals(new ReverseResponse("m-0001", "PTTH/1.0", 200, "OK", List.of(new Header("Content-Type", "text/plain")),
                "Good"), response);
        assertEquals(TV6_RESPONSE, PtthJson.write(response));
        assertEquals(132, TV6_RESPONSE.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void tv7BodyIsUtf8InBothEncodings() {
        assertEquals(200, TV7_REQUEST.getBytes(StandardCharsets.UTF_8).length);
        ReverseRequest raw = PtthJson.readRequests(TV7_REQUEST).getFirst();
        ReverseRequest escaped = PtthJson.readRequests(TV7_REQUEST.replace("\u00e9", "\\u00e9")).getFirst();
        assertEquals(raw, escaped);
        assertEquals(17, raw.body().getBytes(StandardCharsets.UTF_8).length);
        assertEquals(TV7_REQUEST, PtthJson.write(raw));
        assertEquals(TV7_RESPONSE, PtthJson.write(PtthJson.readResponses(TV7_RESPONSE).getFirst()));
        assertEquals(107, TV7_RESPONSE.length());
    }

    @Test
    void emptyObjectMeansNothingAndBatchesAreArrays() {
        assertEquals(List.of(), PtthJson.readRequests("{}"));
        assertEquals(List.of(), PtthJson.readRequests(" [ ] "));
        assertEquals("[]", PtthJson.writeRequests(List.of()));
        ReverseRequest r = PtthJson.readRequests(TV3_REQUEST).getFirst();
        assertEquals("[" + TV3_REQUEST + "," + TV3_REQUEST + "]", PtthJson.writeRequests(List.of(r, r)));
        assertEquals(2, PtthJson.readResponses("[" + TV6_RESPONSE + "," + TV7_RESPONSE + "]").size());
    }

    @Test
    void tv8qFramingFieldsAreIgnored() {
        ReverseResponse r = PtthJson.readResponses("{\"message-id\":\"m-0003\",\"http-version\":\"PTTH/1.0\",\"status\":200,"
                + "\"reason\":\"OK\",\"headers\":[[\"Content-Length\",\"99\"],[\"Transfer-Encoding\",\"chunked\"]],\"body\":\"ok\"}")
                .getFirst();
        assertEquals(List.of(), r.headers());
        assertEquals("ok", r.body());
    }

    @Test
    void unknownMembersAreIgnored() {
        assertEquals("m-0001", PtthJson.readResponses(TV6_RESPONSE.replace("{", "{\"x-extra\":[1,{}],")).getFirst().messageId());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // TV-8k: the wiki's Python literal
        "{'message-id': 'xxx', 'http-version': 'PTTH/1.0', 'status': 200, 'reason': 'OK', 'headers': [], 'body': ''}",
        // TV-8l: no message-id
        "{\"http-version\":\"PTTH/1.0\",\"status\":200,\"reason\":\"OK\",\"headers\":[],\"body\":\"\"}",
        // TV-8m: headers as an object
        "{\"message-id\":\"m-0003\",\"http-version\":\"PTTH/1.0\",\"status\":200,\"reason\":\"OK\",\"headers\":{\"Content-Type\":\"text/plain\"},\"body\":\"\"}",
        // TV-8n: CR LF in a header value
        "{\"message-id\":\"m-0003\",\"http-version\":\"PTTH/1.0\",\"status\":200,\"reason\":\"OK\",\"headers\":[[\"X-A\",\"1\\r\\nSet-Cookie: s=1\"]],\"body\":\"\"}",
        // TV-8o: 1xx status
        "{\"message-id\":\"m-0003\",\"http-version\":\"PTTH/1.0\",\"status\":101,\"reason\":\"\",\"headers\":[],\"body\":\"\"}",
        "{\"message-id\":\"m-0003\",\"status\":600,\"headers\":[],\"body\":\"\"}",
        "{\"message-id\":\"m-0003\",\"status\":\"200\",\"headers\":[],\"body\":\"\"}",
        "{\"message-id\":\"m-0003\",\"status\":200.5,\"headers\":[],\"body\":\"\"}",
        "{\"message-id\":\"m-0003\",\"message-id\":\"m-0004\",\"status\":200,\"headers\":[],\"body\":\"\"}",
        "{\"message-id\":\"bad id\",\"status\":200,\"headers\":[],\"body\":\"\"}",
        "{\"message-id\":\"\",\"status\":200,\"headers\":[],\"body\":\"\"}",
        "{\"message-id\":\"m\",\"status\":200,\"headers\":[[\"bad name\",\"x\"]],\"body\":\"\"}",
        "{\"message-id\":\"m\",\"status\":200,\"headers\":[[\"X\"]],\"body\":\"\"}",
        "{\"message-id\":\"m\",\"status\":200,\"headers\":[[\"X\",1]],\"body\":\"\"}",
        "{\"message-id\":\"m\",\"status\":200,\"headers\":[],\"body\":null}",
        "{\"message-id\":\"m\",\"status\":200,\"headers\":[]}",
        "{}", "[1]", "\"x\"", "", "{\"message-id\":\"m\",\"status\":200,\"headers\":[],\"body\":\"\"} trailing",
    })
    void tv8MalformedAnswersAreRefused(String json) {
        PtthFormatException e = assertThrows(PtthFormatException.class, () -> PtthJson.readResponses(json));
        assertEquals(400, e.status());
        assertTrue(!e.getMessage().isBlank());
    }

    @Test
    void messageIdsAreUnpredictableAndValid() {
        String a = ReverseRequest.newMessageId();
        String b = ReverseRequest.newMessageId();
        assertTrue(Tokens.isMessageId(a) && a.length() == 16 && !a.equals(b));
    }
}

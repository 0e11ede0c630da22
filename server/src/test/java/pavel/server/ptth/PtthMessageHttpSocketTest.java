package pavel.server.ptth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.impl.io.DefaultHttpRequestParser;
import org.apache.hc.core5.http.impl.io.SessionInputBufferImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.session.Session;
import pavel.server.testing.TestServer;

/**
 * The {@code message/http} variant (PTTH.md §2.4) end to end: a real server on a loopback port, the JDK's HTTP client
 * as Host A, and Apache HttpCore 5 as an independent parser of the reversed request the poll answer carries.
 */
class PtthMessageHttpSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String ANSWER_TYPE = PtthMessageHttpVectorsTest.ANSWER_TYPE;

    private final TestServer server = TestServer.startWithPtth(p -> p.hold(Duration.ofMillis(300)));
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT).build();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<byte[]> poll(String queue, String contentType, String messageId, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(queue)).timeout(WAIT)
                .header("Accept", PtthMessageHttpVectorsTest.ACCEPT);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (messageId != null) {
            request.header("PTTH-Message-ID", messageId);
        }
        request.POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static ClassicHttpRequest parse(byte[] wire) throws Exception {
        return new DefaultHttpRequestParser().parse(new SessionInputBufferImpl(8192), new ByteArrayInputStream(wire));
    }

    @Test
    void aJdkClientPollsAndAnswersInMessageHttpAndTheExchangeCompletes() throws Exception {
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(uri("/ptth")).timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode());
        JsonNode opened = new ObjectMapper().readTree(created.body());
        String queue = opened.get("queue").asText();
        Session session = server.sessions().find(opened.get("session").asText());

        ReverseRequest get = ReverseRequest.of("GET", "/status", List.of(new Header("Accept", "text/plain")), "");
        CompletableFuture<ReverseResponse> status = session.send(get);
        HttpResponse<byte[]> polled = poll(queue, null, null, "");
        assertEquals(200, polled.statusCode());
        assertEquals("message/http; msgtype=request", polled.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-store", polled.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(get.messageId(), polled.headers().firstValue("PTTH-Message-ID").orElseThrow());
        assertArrayEquals(PtthMessageHttpVectorsTest.TV9_REQUEST.getBytes(StandardCharsets.US_ASCII), polled.body());
        ClassicHttpRequest parsed = parse(polled.body());
        assertEquals("GET", parsed.getMethod());
        assertEquals("/status", parsed.getPath());
        assertEquals("", parsed.getFirstHeader("Host").getValue());
        assertEquals("text/plain", parsed.getFirstHeader("Accept").getValue());

        long begin = System.nanoTime();
        HttpResponse<byte[]> idle = poll(queue, ANSWER_TYPE, get.messageId(), PtthMessageHttpVectorsTest.TV9_RESPONSE);
        ReverseResponse answer = status.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(200, answer.status());
        assertEquals("Good", answer.body());
        assertEquals("text/plain", answer.header("Content-Type"));
        assertEquals(204, idle.statusCode(), "nothing more within the hold time");
        assertEquals(0, idle.body().length);
        assertTrue(System.nanoTime() - begin >= TimeUnit.MILLISECONDS.toNanos(250), "the poll was held");
    }

    @Test
    void aPutWithAUtf8BodyRoundTripsAndAMalformedAnswerIs400WithoutLosingTheExchange() throws Exception {
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(uri("/ptth")).timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode opened = new ObjectMapper().readTree(created.body());
        String queue = opened.get("queue").asText();
        Session session = server.sessions().find(opened.get("session").asText());

        ReverseRequest put = ReverseRequest.of("PUT", "/ui/widget/42",
                List.of(new Header("Content-Type", "application/json; charset=utf-8")), "{\"text\":\"h\u00e9llo\"}");
        CompletableFuture<ReverseResponse> done = session.send(put);
        HttpResponse<byte[]> polled = poll(queue, null, null, "");
        ClassicHttpRequest parsed = parse(polled.body());
        assertEquals("PUT", parsed.getMethod());
        assertEquals("17", parsed.getFirstHeader("Content-Length").getValue());
        String wire = new String(polled.body(), StandardCharsets.UTF_8);
        assertTrue(wire.endsWith("\r\n\r\n{\"text\":\"h\u00e9llo\"}"), wire);

        HttpResponse<byte[]> refused = poll(queue, ANSWER_TYPE, put.messageId(),
                "HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertEquals(400, refused.statusCode());
        assertTrue(new String(refused.body(), StandardCharsets.UTF_8).contains("Transfer-Encoding"));
        assertFalse(done.isDone(), "the exchange still waits for a usable answer");

        HttpResponse<byte[]> idle = poll(queue, ANSWER_TYPE, put.messageId(), "HTTP/1.1 204 No Content\r\n\r\n");
        assertEquals(204, idle.statusCode());
        assertEquals(204, done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).status());
    }
}

package pavel.server.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pavel.server.ptth.PtthPipelineVectorsTest.answerTo;
import static pavel.server.ptth.PtthPipelineVectorsTest.get;
import static pavel.server.ptth.PtthPipelineVectorsTest.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.PavelRoutes;
import pavel.server.PavelServerInitializer;
import pavel.server.ServerConfig;
import pavel.server.Version;
import pavel.server.session.Flavour;
import pavel.server.session.Session;
import pavel.server.session.SessionRegistry;
import pavel.server.testing.Eventually;
import pavel.server.testing.RawResponse;

/** The long-poll vectors of PTTH.md §3 (TV-6, TV-7, TV-8k…q) and the queue's statuses, on the real pipeline in memory. */
class PtthLongPollVectorsTest {

    private static final String TV6_POLL = "POST %s HTTP/1.1\r\nHost: pavel.example:8080\r\nAccept: application/json\r\n"
            + "Content-Length: 0\r\n\r\n";
    private static final String TV6_REQUEST = PtthPipelineVectorsTest.TV3_BODY;
    private static final String TV6_ANSWER = "{\"message-id\":\"m-0001\",\"http-version\":\"PTTH/1.0\",\"status\":200,"
            + "\"reason\":\"OK\",\"headers\":[[\"Content-Type\",\"text/plain\"]],\"body\":\"Good\"}";
    private static final String TV7_REQUEST = "{\"message-id\":\"m-0002\",\"method\":\"PUT\",\"request-uri\":\"/ui/widget/42\","
            + "\"http-version\":\"PTTH/1.0\",\"headers\":[[\"Host\",\"\"],[\"Content-Type\",\"application/json; charset=utf-8\"]],"
            + "\"body\":\"{\\\"text\\\":\\\"h\u00e9llo\\\"}\"}";
    private static final String TV7_ANSWER = "{\"message-id\":\"m-0002\",\"http-version\":\"PTTH/1.0\",\"status\":204,"
            + "\"reason\":\"No Content\",\"headers\":[],\"body\":\"\"}";

    private final PtthConfig ptth = PtthConfig.newBuilder()
            .hold(Duration.ofMinutes(1)).queueExpiry(Duration.ofSeconds(3)).maxAnswerBytes(2048).build();
    private final SessionRegistry sessions = new SessionRegistry(ptth);
    private final ServerConfig config = ServerConfig.newBuilder().ptth(ptth).build();
    private final Session session = sessions.create("anonymous", Flavour.LONG_POLL, List.of("main"));
    private final EmbeddedChannel channel = new EmbeddedChannel(new PavelServerInitializer(config,
            PavelRoutes.create(Version.current(), new ObjectMapper(), sessions), Runnable::run,
            new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), sessions));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        sessions.close();
    }

    private RawResponse exchange(String raw) throws IOException {
        write(channel, raw);
        return RawResponse.read(new ByteArrayInputStream(answerTo(channel, session)), false);
    }

    private RawResponse post(String contentType, String body, String... extra) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder raw = new StringBuilder("POST " + session.queueUri() + " HTTP/1.1\r\nHost: pavel.example:8080\r\n");
        if (contentType != null) {
            raw.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (String header : extra) {
            raw.append(header).append("\r\n");
        }
        raw.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body);
        return exchange(raw.toString());
    }

    private static void assertPollAnswer(RawResponse response, String body) {
        assertEquals(200, response.status());
        assertEquals("application/json", response.header("Content-Type"));
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals(Integer.toString(body.getBytes(StandardCharsets.UTF_8).length), response.header("Content-Length"));
        assertEquals(body, response.body());
    }

    @Test
    void postWithoutUpgradeOpensASessionWithItsQueue() throws IOException {
        RawResponse created = exchange("POST /ptth HTTP/1.1\r\nHost: a\r\nPavel-View: main,lab\r\nContent-Length: 0\r\n\r\n");
        assertEquals(201, created.status());
        JsonNode body = new ObjectMapper().readTree(created.body());
        Session opened = sessions.find(body.get("session").asText());
        assertNotNull(opened);
        assertEquals(opened.queueUri(), body.get("queue").asText());
        assertEquals(opened.queueUri(), created.header("Location"));
        assertTrue(opened.queueUri().matches("/ptth/q/[A-Za-z0-9_-]{22}"), opened.queueUri());
        assertEquals(22, opened.id().length(), "128 bits, base64url");
        assertEquals(List.of("main", "lab"), opened.spaces());

        RawResponse resumed = exchange("POST /ptth HTTP/1.1\r\nHost: a\r\nPavel-Session: " + opened.id()
                + "\r\nContent-Length: 0\r\n\r\n");
        assertEquals(200, resumed.status());
        assertEquals(created.body(), resumed.body(), "same session, same queue");

        RawResponse list = exchange("GET /sessions HTTP/1.1\r\nHost: a\r\n\r\n");
        assertTrue(list.body().contains("\"id\":\"" + opened.id() + "\",\"user\":\"anonymous\",\"flavour\":\"long-poll\","
                + "\"spaces\":[\"main\",\"lab\"],\"since\":"), list.body());
    }

    @Test
    void tv6PollGetsTheRequestObjectThenTheAnswerCompletesItAndTheIdlePollEndsWithAnEmptyObject() throws IOException {
        CompletableFuture<ReverseResponse> status = session.send(get("m-0001"));
        assertPollAnswer(exchange(TV6_POLL.formatted(session.queueUri())), TV6_REQUEST);

        RawResponse idle = post("application/json", TV6_ANSWER, "Accept: application/json");
        ReverseResponse answer = status.getNow(null);
        assertNotNull(answer);
        assertEquals(200, answer.status());
        assertEquals(List.of(new Header("Content-Type", "text/plain")), answer.headers());
        assertEquals("Good", answer.body());
        assertPollAnswer(idle, "{}");
    }

    @Test
    void tv7PutWithAUtf8BodyAndItsNoContentAnswer() throws IOException {
        CompletableFuture<ReverseResponse> put = session.send(new ReverseRequest("m-0002", "PUT", "/ui/widget/42",
                "PTTH/1.0", List.of(new Header("Host", ""), new Header("Content-Type", "application/json; charset=utf-8")),
                "{\"text\":\"h\u00e9llo\"}"));
        RawResponse response = exchange(TV6_POLL.formatted(session.queueUri()));
        assertPollAnswer(response, TV7_REQUEST);
        assertEquals("200", response.header("Content-Length"));
        post("application/json", TV7_ANSWER);
        assertEquals(204, put.getNow(null).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'message-id': 'xxx', 'http-version': 'PTTH/1.0', 'status': 200, 'reason': 'OK', 'headers': [], 'body': ''}",
        "{\"http-version\":\"PTTH/1.0\",\"status\":200,\"reason\":\"OK\",\"headers\":[],\"body\":\"\"}",
        "{\"message-id\":\"m-0003\",\"http-version\":\"PTTH/1.0\",\"status\":200,\"reason\":\"OK\",\"headers\":{\"Content-Type\":\"text/plain\"},\"body\":\"\"}",
        "{\"message-id\":\"m-0003\",\"http-version\":\"PTTH/1.0\",\"status\":200,\"reason\":\"OK\",\"headers\":[[\"X-A\",\"1\\r\\nSet-Cookie: s=1\"]],\"body\":\"\"}",
        "{\"message-id\":\"m-0003\",\"http-version\":\"PTTH/1.0\",\"status\":101,\"reason\":\"\",\"headers\":[],\"body\":\"\"}",
        "{\"message-id\":\"m-0003\",\"message-id\":\"m-0003\",\"status\":200,\"reason\":\"\",\"headers\":[],\"body\":\"\"}",
        "\uFEFF{\"message-id\":\"m-0003\",\"status\":200,\"reason\":\"\",\"headers\":[],\"body\":\"\"}",
        "[{\"message-id\":\"m-0003\",\"status\":200,\"reason\":\"\",\"headers\":[],\"body\":\"\"}]",
        "{}",
        "not json"
    })
    void tv8kToOMalformedAnswersAre400TextWithAReasonAndLeaveTheQueueAlone(String body) throws IOException {
        CompletableFuture<ReverseResponse> pending = session.send(get("m-0003"));
        RawResponse response = post("application/json", body);
        assertEquals(400, response.status());
        assertTrue(response.header("Content-Type").startsWith("text/plain"), response.header("Content-Type"));
        assertFalse(response.body().isBlank());
        assertEquals(1, session.queueDepth());
        assertFalse(pending.isDone());
    }

    @Test
    void tv8pUnknownMessageIdIsDiscardedAndThePostStillPolls() throws IOException {
        session.send(get("m-0001"));
        RawResponse response = post("application/json",
                "{\"message-id\":\"m-9999\",\"http-version\":\"PTTH/1.0\",\"status\":200,\"reason\":\"OK\",\"headers\":[],\"body\":\"\"}");
        assertPollAnswer(response, TV6_REQUEST);
    }

    @Test
    void tv8qFramingFieldsInsideJsonAreIgnored() throws IOException {
        CompletableFuture<ReverseResponse> pending = session.send(get("m-0003"));
        exchange(TV6_POLL.formatted(session.queueUri()));
        post("application/json", "{\"message-id\":\"m-0003\",\"http-version\":\"PTTH/1.0\",\"status\":200,\"reason\":\"OK\","
                + "\"headers\":[[\"Content-Length\",\"99\"],[\"Transfer-Encoding\",\"chunked\"]],\"body\":\"ok\"}");
        ReverseResponse answer = pending.getNow(null);
        assertEquals("ok", answer.body());
        assertNull(answer.header("Content-Length"));
        assertNull(answer.header("Transfer-Encoding"));
    }

    @Test
    void answerAfterTheResponseTimeoutIsALateAnswerAndDiscarded() throws IOException {
        SessionRegistry quick = new SessionRegistry(ptth.toBuilder().responseTimeout(Duration.ofMillis(50)).build());
        try {
            Session s = quick.create("anonymous", Flavour.LONG_POLL, List.of("main"));
            CompletableFuture<ReverseResponse> pending = s.send(get("m-0001"));
            assertEquals(1, assertDoesPoll(s));
            Eventually.await(Duration.ofSeconds(5), pending::isCompletedExceptionally, () -> "the exchange timed out");
            assertFalse(s.answer(ReverseResponse.of(get("m-0001"), 200, "OK")));
        } finally {
            quick.close();
        }
    }

    private static int assertDoesPoll(Session s) {
        return s.poll(1).orTimeout(5, TimeUnit.SECONDS).join().size();
    }

    @Test
    void pollWithATextBodyIs415() throws IOException {
        assertEquals(415, post("text/plain", TV6_ANSWER).status());
        assertEquals(415, post("application/x-www-form-urlencoded", "").status());
        assertEquals(415, post(null, TV6_ANSWER).status());
    }

    @Test
    void answersOverTheLimitAre413() throws IOException {
        String big = TV6_ANSWER.replace("Good", "x".repeat(ptth.maxAnswerBytes()));
        assertEquals(413, post("application/json", big).status());
    }

    @Test
    void unknownQueueIs404AndAnExpiredOneIs410() throws IOException {
        assertEquals(404, exchange(TV6_POLL.formatted("/ptth/q/AAAAAAAAAAAAAAAAAAAAAA")).status());
        String queue = session.queueUri();
        Eventually.await(Duration.ofSeconds(5), () -> {
            sessions.sweep();
            return session.isClosed();
        }, () -> "the queue expires without polls");
        assertEquals(410, exchange(TV6_POLL.formatted(queue)).status());
    }

    @Test
    void pollFromAForeignOriginIsForbidden() throws IOException {
        assertEquals(403, post("application/json", "", "Origin: http://evil.example").status());
        assertPollAnswer(post("application/json", "", "Origin: http://pavel.example:8080"), "{}");
    }

    @Test
    void batchPollCarriesAnArrayBothWays() throws IOException {
        CompletableFuture<ReverseResponse> a = session.send(get("a"));
        CompletableFuture<ReverseResponse> b = session.send(get("b"));
        session.send(get("c"));
        RawResponse two = post("application/json", "", "Pavel-Batch: 2");
        assertEquals(200, two.status());
        assertEquals(PtthJsonBatch.of(get("a"), get("b")), two.body());
        RawResponse rest = post("application/json", "[" + ReverseResponse.of(get("a"), 204, "").messageId()
                .transform(id -> "{\"message-id\":\"a\",\"status\":204,\"reason\":\"\",\"headers\":[],\"body\":\"\"},"
                        + "{\"message-id\":\"b\",\"status\":409,\"reason\":\"\",\"headers\":[],\"body\":\"\"}") + "]",
                "Pavel-Batch: 2");
        assertEquals(204, a.getNow(null).status());
        assertEquals(409, b.getNow(null).status());
        assertEquals(PtthJsonBatch.of(get("c")), rest.body());
        assertEquals("[]", post("application/json", "", "Pavel-Batch: 2").body());
        assertEquals(400, post("application/json", "", "Pavel-Batch: 0").status());
    }

    /** The expected array text, written by the shared-model codec. */
    private static final class PtthJsonBatch {
        static String of(ReverseRequest... requests) {
            return pavel.ptth.PtthJson.writeRequests(List.of(requests));
        }
    }
}

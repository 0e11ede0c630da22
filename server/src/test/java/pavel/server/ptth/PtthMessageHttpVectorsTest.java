package pavel.server.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pavel.server.ptth.PtthPipelineVectorsTest.answerTo;
import static pavel.server.ptth.PtthPipelineVectorsTest.get;
import static pavel.server.ptth.PtthPipelineVectorsTest.write;
import static pavel.server.ptth.PtthPipelineVectorsTest.written;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import pavel.ptth.Header;
import pavel.ptth.PtthFormatException;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.PavelRoutes;
import pavel.server.PavelServerInitializer;
import pavel.server.ServerConfig;
import pavel.server.Version;
import pavel.server.session.Flavour;
import pavel.server.session.Session;
import pavel.server.session.SessionRegistry;
import pavel.server.testing.RawResponse;

/**
 * The {@code message/http} long-poll variant (PTTH.md §2.4): TV-9 byte for byte on the real pipeline in memory, the
 * negotiation by {@code Accept}, and every malformed envelope answered with its 4xx while the queue stays as it was.
 */
class PtthMessageHttpVectorsTest {

    static final String ACCEPT = "message/http, application/json;q=0.5";
    static final String TV9_POLL = "POST %s HTTP/1.1\r\nHost: pavel.example:8080\r\nAccept: " + ACCEPT
            + "\r\nContent-Length: 0\r\n\r\n";
    static final String TV9_REQUEST = "GET /status HTTP/1.1\r\nHost: \r\nAccept: text/plain\r\n\r\n";
    static final String TV9_POLL_ANSWER = "HTTP/1.1 200 OK\r\nContent-Type: message/http; msgtype=request\r\n"
            + "PTTH-Message-ID: m-0001\r\nCache-Control: no-store\r\nContent-Length: 52\r\n\r\n" + TV9_REQUEST;
    static final String TV9_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nGood";
    static final String TV9_ANSWER = "POST /pavel/ptth/q/7f3c9a2e HTTP/1.1\r\nHost: pavel.example:8080\r\nAccept: " + ACCEPT
            + "\r\nContent-Type: message/http; msgtype=response\r\nPTTH-Message-ID: m-0001\r\nContent-Length: 68\r\n\r\n"
            + TV9_RESPONSE;
    static final String TV9_IDLE = "HTTP/1.1 204 No Content\r\n\r\n";
    static final String ANSWER_TYPE = "message/http; msgtype=response";

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

    private String exchangeText(String raw) {
        write(channel, raw);
        return new String(answerTo(channel, session), StandardCharsets.ISO_8859_1);
    }

    private RawResponse exchange(String raw) throws IOException {
        write(channel, raw);
        return RawResponse.read(new ByteArrayInputStream(answerTo(channel, session)), false);
    }

    private RawResponse post(String contentType, String body, String... extra) throws IOException {
        return post(contentType, body.getBytes(StandardCharsets.UTF_8), extra);
    }

    private RawResponse post(String contentType, byte[] body, String... extra) throws IOException {
        StringBuilder raw = new StringBuilder("POST " + session.queueUri() + " HTTP/1.1\r\nHost: pavel.example:8080\r\n");
        if (contentType != null) {
            raw.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (String header : extra) {
            raw.append(header).append("\r\n");
        }
        raw.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        write(channel, raw.toString());
        channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(body));
        channel.runPendingTasks();
        return RawResponse.read(new ByteArrayInputStream(answerTo(channel, session)), false);
    }

    /**
     * The message with the fields every Pavel response carries (Date, X-Content-Type-Options) left out and field
     * names in lower case, the server's spelling (RFC 9110 §5.1: names are case-insensitive); the status line, the
     * field values, their order, the blank line and the body stay byte for byte.
     */
    static String canonical(String message) {
        int end = message.indexOf("\r\n\r\n");
        String[] lines = message.substring(0, end).split("\r\n", -1);
        StringBuilder out = new StringBuilder(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).toLowerCase(Locale.ROOT);
            if (!name.equals("date") && !name.equals("x-content-type-options")) {
                out.append(name).append(lines[i].substring(colon)).append("\r\n");
            }
        }
        return out.append("\r\n").append(message.substring(end + 4)).toString();
    }

    private static void assertUsualFields(String message) {
        String head = message.substring(0, message.indexOf("\r\n\r\n") + 2).toLowerCase(Locale.ROOT);
        assertTrue(head.contains("\r\ndate: "), head);
        assertTrue(head.contains("\r\nx-content-type-options: nosniff\r\n"), head);
    }

    @Test
    void tv9LiteralsHaveTheirStatedByteCounts() {
        assertEquals(186, TV9_POLL_ANSWER.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(271, TV9_ANSWER.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(27, TV9_IDLE.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(52, TV9_REQUEST.length());
        assertEquals(68, TV9_RESPONSE.length());
    }

    @Test
    void tv9PollGetsTheReversedRequestInWireFormThenTheAnswerCompletesItAndTheIdlePollIs204() {
        CompletableFuture<ReverseResponse> status = session.send(get("m-0001"));

        String pollAnswer = exchangeText(TV9_POLL.formatted(session.queueUri()));
        assertEquals(canonical(TV9_POLL_ANSWER), canonical(pollAnswer));
        assertTrue(pollAnswer.startsWith("HTTP/1.1 200 OK\r\n"), pollAnswer);
        assertTrue(pollAnswer.endsWith("\r\n\r\n" + TV9_REQUEST), "the 52-byte body, exactly: " + pollAnswer);
        assertUsualFields(pollAnswer);

        String idle = exchangeText(TV9_ANSWER.replace("/pavel/ptth/q/7f3c9a2e", session.queueUri()));
        ReverseResponse answer = status.getNow(null);
        assertNotNull(answer, "the answer completed m-0001");
        assertEquals("m-0001", answer.messageId());
        assertEquals(200, answer.status());
        assertEquals("OK", answer.reason());
        assertEquals(List.of(new Header("Content-Type", "text/plain")), answer.headers());
        assertEquals("Good", answer.body());
        assertNull(answer.header("Content-Length"), "framing stays out of the response value");

        assertEquals(TV9_IDLE, canonical(idle));
        assertUsualFields(idle);
        assertFalse(idle.toLowerCase(Locale.ROOT).contains("content-length"), "RFC 9110 §8.6: none on a 204");
        assertEquals(Flavour.LONG_POLL, session.flavour());
    }

    @Test
    void aPutCarriesItsUtf8BodyFramedByContentLengthAsOnAnUpgradedSocket() throws IOException {
        session.send(new ReverseRequest("m-0002", "PUT", "/ui/widget/42", "PTTH/1.0",
                List.of(new Header("Host", ""), new Header("Content-Type", "application/json; charset=utf-8")),
                "{\"text\":\"h\u00e9llo\"}"));
        write(channel, TV9_POLL.formatted(session.queueUri()));
        byte[] answer = written(channel);
        String tv5Put = "PUT /ui/widget/42 HTTP/1.1\r\nHost: \r\nContent-Type: application/json; charset=utf-8\r\n"
                + "Content-Length: 17\r\n\r\n{\"text\":\"h\u00e9llo\"}";
        String text = new String(answer, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\r\n\r\n" + tv5Put), text);
        assertTrue(text.toLowerCase(Locale.ROOT).contains("\r\ncontent-length: " + tv5Put.getBytes(StandardCharsets.UTF_8).length
                + "\r\n"), text);
        assertEquals("m-0002", RawResponse.read(new ByteArrayInputStream(answer), false).header("PTTH-Message-ID"));
    }

    @Test
    void aJsonPollStillGetsJsonAndTheTwoFormsMix() throws IOException {
        CompletableFuture<ReverseResponse> first = session.send(get("m-0001"));
        RawResponse json = post("application/json", "", "Accept: application/json");
        assertEquals("application/json", json.header("Content-Type"));
        assertEquals(PtthPipelineVectorsTest.TV3_BODY, json.body());

        CompletableFuture<ReverseResponse> second = session.send(get("m-0002"));
        RawResponse envelope = post(ANSWER_TYPE, TV9_RESPONSE, "PTTH-Message-ID: m-0001", "Accept: " + ACCEPT);
        assertEquals("Good", first.getNow(null).body());
        assertEquals(MessageHttp.REQUEST_TYPE, envelope.header("Content-Type"));
        assertEquals("m-0002", envelope.header("PTTH-Message-ID"));

        RawResponse empty = post("application/json", "{\"message-id\":\"m-0002\",\"status\":204,\"reason\":\"\","
                + "\"headers\":[],\"body\":\"\"}");
        assertEquals(204, second.getNow(null).status());
        assertEquals(200, empty.status());
        assertEquals("{}", empty.body(), "no Accept: the JSON form");
    }

    @Test
    void aBatchPollThatPrefersMessageHttpGetsOneRequestPerResponse() throws IOException {
        session.send(get("a"));
        session.send(get("b"));
        RawResponse one = post(null, "", "Accept: " + ACCEPT, "Pavel-Batch: 2");
        assertEquals(200, one.status());
        assertEquals("a", one.header("PTTH-Message-ID"));
        assertEquals(TV9_REQUEST, one.body());
        assertEquals(1, session.queueDepth());
        RawResponse two = post("application/json", "[{\"message-id\":\"a\",\"status\":204,\"reason\":\"\",\"headers\":[],"
                + "\"body\":\"\"}]", "Accept: " + ACCEPT, "Pavel-Batch: 2");
        assertEquals("b", two.header("PTTH-Message-ID"));
    }

    @ParameterizedTest(name = "Accept: {0} -> message/http {1}")
    @CsvSource(delimiter = '|', value = {
        "message/http, application/json;q=0.5 | true",
        "message/http | true",
        "message/http;msgtype=request | true",
        "MESSAGE/HTTP;Q=1.000, application/json;q=0.999 | true",
        "application/json;q=0.5, message/http | true",
        "message/http, application/json | true",
        "message/http, */* | true",
        "message/* | true",
        "text/html, message/http;q=0.1 | true",
        "application/json | false",
        "application/json, message/http | false",
        "message/http;q=0.4, application/json;q=0.5 | false",
        "message/http;q=0, application/json | false",
        "message/http;q=0 | false",
        "*/* | false",
        "message/*, application/json | false",
        "message/http;msgtype=response | false",
        "message/http;q=abc | false",
        "message/http;q=1.5 | false",
        "'' | false",
        "text/html | false",
    })
    void acceptNegotiatesTheFormWithQValues(String accept, boolean messageHttp) {
        assertEquals(messageHttp, MessageHttp.preferred(List.of(accept)));
    }

    @Test
    void acceptSpreadOverSeveralFieldsOrQuotedParametersStillParses() {
        assertTrue(MessageHttp.preferred(List.of("application/json;q=0.5", "message/http")));
        assertTrue(MessageHttp.preferred(List.of("text/plain;x=\"a, b\", message/http")));
        assertFalse(MessageHttp.preferred(List.of()));
        assertFalse(MessageHttp.preferred(List.of("message/http;x=\"unterminated")));
    }

    static Stream<Arguments> malformedEnvelopes() {
        return Stream.of(
                Arguments.of("no message id", ANSWER_TYPE, List.of(), TV9_RESPONSE, 400),
                Arguments.of("two message ids", ANSWER_TYPE, List.of("m-0003", "m-0004"), TV9_RESPONSE, 400),
                Arguments.of("a message id with a space", ANSWER_TYPE, List.of("m 0003"), TV9_RESPONSE, 400),
                Arguments.of("an id but no body", ANSWER_TYPE, List.of("m-0003"), "", 400),
                Arguments.of("chunked inside", ANSWER_TYPE, List.of("m-0003"),
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nGood\r\n0\r\n\r\n", 400),
                Arguments.of("chunked and Content-Length", ANSWER_TYPE, List.of("m-0003"),
                        "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nGood\r\n0\r\n\r\n", 400),
                Arguments.of("truncated body", ANSWER_TYPE, List.of("m-0003"),
                        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nGood", 400),
                Arguments.of("truncated head", ANSWER_TYPE, List.of("m-0003"), "HTTP/1.1 200 OK\r\nContent-Type: te", 400),
                Arguments.of("head without its empty line", ANSWER_TYPE, List.of("m-0003"),
                        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n", 400),
                Arguments.of("garbage status line", ANSWER_TYPE, List.of("m-0003"), "HTTP/1.1 OK\r\n\r\n", 400),
                Arguments.of("status line of letters", ANSWER_TYPE, List.of("m-0003"), "HTTP/1.1 abc OK\r\n\r\n", 400),
                Arguments.of("no status line", ANSWER_TYPE, List.of("m-0003"), "Good", 400),
                Arguments.of("a request, not a response", ANSWER_TYPE, List.of("m-0003"), TV9_REQUEST, 400),
                Arguments.of("leading blank line", ANSWER_TYPE, List.of("m-0003"), "\r\n" + TV9_RESPONSE, 400),
                Arguments.of("HTTP/1.0", ANSWER_TYPE, List.of("m-0003"), "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 400),
                Arguments.of("interim 100 first", ANSWER_TYPE, List.of("m-0003"),
                        "HTTP/1.1 100 Continue\r\n\r\n" + TV9_RESPONSE, 400),
                Arguments.of("101", ANSWER_TYPE, List.of("m-0003"),
                        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\n\r\n", 400),
                Arguments.of("status 600", ANSWER_TYPE, List.of("m-0003"), "HTTP/1.1 600 Odd\r\nContent-Length: 0\r\n\r\n", 400),
                Arguments.of("two responses", ANSWER_TYPE, List.of("m-0003"), TV9_RESPONSE + TV9_RESPONSE, 400),
                Arguments.of("bytes after the body", ANSWER_TYPE, List.of("m-0003"), TV9_RESPONSE + "\r\n", 400),
                Arguments.of("body without Content-Length", ANSWER_TYPE, List.of("m-0003"), "HTTP/1.1 200 OK\r\n\r\nGood", 400),
                Arguments.of("two different Content-Lengths", ANSWER_TYPE, List.of("m-0003"),
                        "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nGood", 400),
                Arguments.of("negative Content-Length", ANSWER_TYPE, List.of("m-0003"),
                        "HTTP/1.1 200 OK\r\nContent-Length: -4\r\n\r\nGood", 400),
                Arguments.of("Content-Length past the long range", ANSWER_TYPE, List.of("m-0003"),
                        "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\nGood", 400),
                Arguments.of("bare LF line ends", ANSWER_TYPE, List.of("m-0003"),
                        "HTTP/1.1 200 OK\nContent-Length: 4\n\nGood", 400),
                Arguments.of("header name with a space", ANSWER_TYPE, List.of("m-0003"),
                        "HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n", 400),
                Arguments.of("header line without a colon", ANSWER_TYPE, List.of("m-0003"),
                        "HTTP/1.1 200 OK\r\nNoColon\r\nContent-Length: 0\r\n\r\n", 400),
                Arguments.of("NUL in a header value", ANSWER_TYPE, List.of("m-0003"),
                        "HTTP/1.1 200 OK\r\nX-A: 1\0\r\nContent-Length: 0\r\n\r\n", 400),
                Arguments.of("a 204 with a body", ANSWER_TYPE, List.of("m-0003"),
                        "HTTP/1.1 204 No Content\r\nContent-Length: 4\r\n\r\nGood", 400),
                Arguments.of("wrong msgtype", "message/http; msgtype=request", List.of("m-0003"), TV9_RESPONSE, 400),
                Arguments.of("malformed Content-Type", "message/http; msgtype", List.of("m-0003"), TV9_RESPONSE, 400),
                Arguments.of("oversized envelope", ANSWER_TYPE, List.of("m-0003"),
                        "HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n" + "x".repeat(3000), 413),
                Arguments.of("text/plain", "text/plain", List.of("m-0003"), TV9_RESPONSE, 415),
                Arguments.of("a form", "application/x-www-form-urlencoded", List.of("m-0003"), TV9_RESPONSE, 415),
                Arguments.of("application/http", "application/http", List.of("m-0003"), TV9_RESPONSE, 415),
                Arguments.of("no Content-Type", null, List.of("m-0003"), TV9_RESPONSE, 415));
    }

    @ParameterizedTest(name = "{0} -> {4}")
    @MethodSource("malformedEnvelopes")
    void malformedEnvelopesGetTheir4xxAndLeaveTheQueueAlone(String name, String contentType, List<String> ids, String body,
            int expected) throws IOException {
        CompletableFuture<ReverseResponse> pending = session.send(get("m-0003"));
        String[] extra = Stream.concat(Stream.of("Accept: " + ACCEPT), ids.stream().map(id -> "PTTH-Message-ID: " + id))
                .toArray(String[]::new);
        RawResponse response = post(contentType, body.getBytes(StandardCharsets.ISO_8859_1), extra);
        assertEquals(expected, response.status(), name + ": " + response.body());
        assertFalse(response.body().isBlank(), "a sentence says why");
        if (expected == 400) {
            assertTrue(response.header("Content-Type").startsWith("text/plain"), "PTTH.md §2.3.4: " + response.header("Content-Type"));
        }
        assertEquals(1, session.queueDepth(), "the queue is unaffected");
        assertFalse(pending.isDone());
    }

    @Test
    void aPlainPollInMessageHttpMayNameTheTypeWithoutABody() throws IOException {
        session.send(get("m-0001"));
        RawResponse response = post(ANSWER_TYPE, "", "Accept: " + ACCEPT);
        assertEquals(200, response.status());
        assertEquals("m-0001", response.header("PTTH-Message-ID"));
    }

    @Test
    void anUnknownMessageIdIsDiscardedAndThePostStillPolls() throws IOException {
        CompletableFuture<ReverseResponse> pending = session.send(get("m-0001"));
        RawResponse response = post(ANSWER_TYPE, TV9_RESPONSE, "PTTH-Message-ID: m-9999", "Accept: " + ACCEPT);
        assertEquals(200, response.status());
        assertEquals("m-0001", response.header("PTTH-Message-ID"));
        assertEquals(TV9_REQUEST, response.body());
        assertFalse(pending.isDone());
    }

    @Test
    void aSecondAnswerToTheSameMessageIsDiscarded() throws IOException {
        CompletableFuture<ReverseResponse> pending = session.send(get("m-0001"));
        exchangeText(TV9_POLL.formatted(session.queueUri()));
        assertEquals(204, post(ANSWER_TYPE, TV9_RESPONSE, "PTTH-Message-ID: m-0001", "Accept: " + ACCEPT).status());
        assertEquals("Good", pending.getNow(null).body());
        RawResponse again = post(ANSWER_TYPE, TV9_RESPONSE.replace("Good", "Evil"), "PTTH-Message-ID: m-0001",
                "Accept: " + ACCEPT);
        assertEquals(204, again.status(), "discarded, and the POST still polled");
        assertEquals("Good", pending.getNow(null).body());
    }

    @Test
    void anAnswerWithoutBodyAndWithRepeatedFieldsKeepsThemInOrder() {
        ReverseResponse answer = MessageHttp.readResponse("m-1", ("HTTP/1.1 304 Not Modified\r\nETag: \"a\"\r\n"
                + "Vary: a\r\nVary: b\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(304, answer.status());
        assertEquals(List.of(new Header("ETag", "\"a\""), new Header("Vary", "a"), new Header("Vary", "b")),
                answer.headers(), "hop-by-hop fields left out");
        assertEquals("", answer.body());
        assertEquals("HTTP/1.1", answer.httpVersion());
    }

    @Test
    void aStatusLineWithoutReasonIsAccepted() {
        ReverseResponse answer = MessageHttp.readResponse("m-1",
                "HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, answer.status());
        assertEquals("ok", answer.body());
    }

    @Test
    void headsOverTheListenerLimitsAreRefused() {
        byte[] longStatus = ("HTTP/1.1 200 " + "O".repeat(5000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        PtthFormatException status = assertThrows(PtthFormatException.class, () -> MessageHttp.readResponse("m-1", longStatus));
        assertTrue(status.getMessage().contains("4096"), status.getMessage());
        byte[] bigHead = ("HTTP/1.1 200 OK\r\n" + "X-A: a\r\n".repeat(1500) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        PtthFormatException head = assertThrows(PtthFormatException.class, () -> MessageHttp.readResponse("m-1", bigHead));
        assertTrue(head.getMessage().contains("8192"), head.getMessage());
    }

    @Test
    void writeGivesTheTv1AndTv9WireForms() {
        assertEquals(PtthPipelineVectorsTest.GET_STATUS,
                new String(MessageHttp.write(ReverseRequest.of("GET", "/status", List.of(), "")), StandardCharsets.US_ASCII));
        assertEquals(TV9_REQUEST, new String(MessageHttp.write(get("m-0001")), StandardCharsets.US_ASCII));
        assertEquals("OPTIONS * HTTP/1.1\r\nHost: \r\n\r\n",
                new String(MessageHttp.write(ReverseRequest.of("OPTIONS", "*", List.of(), "")), StandardCharsets.US_ASCII));
    }
}

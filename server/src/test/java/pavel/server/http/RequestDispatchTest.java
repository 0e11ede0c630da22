package pavel.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import pavel.server.testing.Eventually;
import pavel.server.testing.LogCapture;
import pavel.server.testing.RawConnection;
import pavel.server.testing.RawResponse;
import pavel.server.testing.TestServer;

/** How requests reach handlers and how handler outcomes become responses, over a real socket. */
class RequestDispatchTest {

    private static Response text(String text) {
        return Response.text(HttpResponseStatus.OK, text);
    }

    @Test
    void blockingHandlersRunOnVirtualThreadsAndOthersOnTheEventLoop() {
        Router router = Router.newBuilder()
                .get("/blocking", request -> text(String.valueOf(Thread.currentThread().isVirtual())))
                .get("/inline", Execution.EVENT_LOOP, request -> text(Thread.currentThread().getName()))
                .build();
        try (TestServer server = TestServer.start(router)) {
            assertEquals("true", server.get("/blocking").body());
            assertTrue(server.get("/inline").body().startsWith("pavel-io"), server.get("/inline").body());
        }
    }

    @Test
    void pathParametersRestAndQueryReachTheHandler() {
        Router router = Router.newBuilder()
                .get("/doc/{space}/**", request -> text(request.pathParam("space") + "|" + request.rest() + "|"
                        + request.queryParam("depth")))
                .build();
        try (TestServer server = TestServer.start(router)) {
            assertEquals("main||null", server.get("/doc/main").body());
            assertEquals("main|/|null", server.get("/doc/main/").body());
            assertEquals("my space|/body/div[2]|3", server.get("/doc/my%20space/body/div%5B2%5D?depth=3").body());
        }
    }

    @Test
    void statusExceptionFromAHandlerBecomesItsProblem() {
        Router router = Router.newBuilder()
                .put("/things/{name}", request -> {
                    throw new HttpStatusException(HttpResponseStatus.CONFLICT,
                            "Thing '" + request.pathParam("name") + "' changed meanwhile.", Map.of("version", 7),
                            Map.of("Retry-After", "1"));
                })
                .build();
        try (TestServer server = TestServer.start(router)) {
            HttpResponse<String> response = server.send("PUT", "/things/a", "{}");

            assertEquals(409, response.statusCode());
            assertEquals("1", response.headers().firstValue("retry-after").orElseThrow());
            assertEquals("{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,"
                    + "\"detail\":\"Thing 'a' changed meanwhile.\",\"instance\":\"/things/a\",\"version\":7}",
                    response.body());
        }
    }

    @Test
    void unexpectedExceptionIsA500ThatHidesItAndLogsTheStackTrace() {
        Router router = Router.newBuilder()
                .get("/boom", request -> {
                    throw new IllegalStateException("secret internal detail");
                })
                .build();
        try (TestServer server = TestServer.start(router); LogCapture log = LogCapture.of("pavel.server.http")) {
            HttpResponse<String> response = server.get("/boom");

            assertEquals(500, response.statusCode());
            assertEquals("application/problem+json", response.headers().firstValue("content-type").orElseThrow());
            assertFalse(response.body().contains("secret"), response.body());
            assertFalse(response.body().contains("IllegalStateException"), response.body());
            ILoggingEvent logged = log.errors().getFirst();
            assertNotNull(logged.getThrowableProxy(), "the stack trace is logged");
            assertEquals("secret internal detail", logged.getThrowableProxy().getMessage());
        }
    }

    @Test
    void handlerReturningNullIsA500() {
        Router router = Router.newBuilder().get("/null", Execution.EVENT_LOOP, request -> null).build();
        try (TestServer server = TestServer.start(router); LogCapture log = LogCapture.of("pavel.server.http")) {
            assertEquals(500, server.get("/null").statusCode());
            assertEquals("The handler returned no response.", log.errors().getFirst().getThrowableProxy().getMessage());
        }
    }

    @Test
    void anAsyncHandlerIsAnsweredWhenItsStageCompletesAndRequestsBehindItWait() throws Exception {
        CompletableFuture<Response> later = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        Router router = Router.newBuilder()
                .async(HttpMethod.GET, "/later", request -> {
                    started.countDown();
                    return later;
                })
                .get("/fast", Execution.EVENT_LOOP, request -> text("fast"))
                .build();
        try (TestServer server = TestServer.start(router); RawConnection connection = server.connect()) {
            connection.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(started.await(5, TimeUnit.SECONDS), "the handler was called");
            Thread.ofPlatform().start(() -> later.complete(text("later")));

            assertEquals("later", connection.read().body());
            assertEquals("fast", connection.read().body());
        }
    }

    @Test
    void anAsyncHandlersFailureThrownOrLaterBecomesItsProblem() {
        Router router = Router.newBuilder()
                .async(HttpMethod.GET, "/thrown", request -> {
                    throw HttpStatusException.badRequest("Ask differently.");
                })
                .async(HttpMethod.GET, "/gone", request -> CompletableFuture.failedFuture(
                        new HttpStatusException(HttpResponseStatus.GONE, "It went.")))
                .async(HttpMethod.GET, "/boom", request -> CompletableFuture.supplyAsync(() -> {
                    throw new IllegalStateException("secret internal detail");
                }))
                .build();
        try (TestServer server = TestServer.start(router); LogCapture log = LogCapture.of("pavel.server.http")) {
            HttpResponse<String> thrown = server.get("/thrown");
            assertEquals(400, thrown.statusCode());
            assertTrue(thrown.body().contains("\"detail\":\"Ask differently.\""), thrown.body());
            HttpResponse<String> gone = server.get("/gone");
            assertEquals(410, gone.statusCode());
            assertTrue(gone.body().contains("\"detail\":\"It went.\""), gone.body());
            HttpResponse<String> boom = server.get("/boom");
            assertEquals(500, boom.statusCode());
            assertFalse(boom.body().contains("secret"), boom.body());
            assertEquals("secret internal detail", log.errors().getFirst().getThrowableProxy().getMessage());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderEvenWhenTheFirstIsSlow() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Router router = Router.newBuilder()
                .get("/slow", request -> {
                    release.await(5, TimeUnit.SECONDS);
                    return text("slow");
                })
                .get("/fast", Execution.EVENT_LOOP, request -> text("fast"))
                .build();
        try (TestServer server = TestServer.start(router); RawConnection connection = server.connect()) {
            connection.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
            release.countDown();

            assertEquals("slow", connection.read().body());
            assertEquals("fast", connection.read().body());
        }
    }

    @Test
    void stoppingLetsTheRequestInFlightFinish() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Router router = Router.newBuilder()
                .get("/work", request -> {
                    entered.countDown();
                    release.await(5, TimeUnit.SECONDS);
                    return text("done");
                })
                .build();
        try (TestServer server = TestServer.start(router); RawConnection connection = server.connect()) {
            connection.send("GET /work HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(entered.await(5, TimeUnit.SECONDS));

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server.server()::stop);
            Eventually.await(Duration.ofSeconds(5), () -> refusesConnections(server.port()), () -> "still listening");
            assertFalse(stopping.isDone(), "stop waits for the request in flight");
            release.countDown();

            RawResponse response = connection.read();
            assertEquals("done", response.body());
            assertTrue(connection.closedByServer(), "closed after the last response");
            stopping.get(10, TimeUnit.SECONDS);
        }
    }

    private static boolean refusesConnections(int port) {
        try {
            RawConnection.open(port).close();
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void stoppingClosesIdleConnectionsAtOnce() throws Exception {
        try (TestServer server = TestServer.start(Router.newBuilder().build());
                RawConnection connection = RawConnection.open(server.port(), Duration.ofSeconds(10))) {
            connection.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n").read();
            long begin = System.nanoTime();

            server.server().stop();

            assertTrue(connection.closedByServer());
            assertTrue(Duration.ofNanos(System.nanoTime() - begin).compareTo(Duration.ofSeconds(3)) < 0);
        }
    }

    @Test
    void idleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (TestServer server = TestServer.start(Router.newBuilder().build(),
                        config -> config.idleTimeout(Duration.ofMillis(200)));
                RawConnection connection = RawConnection.open(server.port(), Duration.ofSeconds(5))) {
            connection.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n").read();

            assertTrue(connection.closedByServer(), "closed before the read timeout");
        }
    }

    @Test
    void clientThatHalfClosesStillGetsTheAnswerOfABlockingHandler() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Router router = Router.newBuilder()
                .get("/later", request -> {
                    release.await(5, TimeUnit.SECONDS);
                    return text("answer");
                })
                .build();
        try (TestServer server = TestServer.start(router); RawConnection connection = server.connect()) {
            connection.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n").finishSending();
            release.countDown();

            assertEquals("answer", connection.read().body());
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void bodyLimitComesFromTheConfiguration() throws IOException {
        Router router = Router.newBuilder().post("/echo", request -> text(request.bodyText())).build();
        try (TestServer server = TestServer.start(router, config -> config.maxBodyBytes(10))) {
            assertEquals("0123456789", server.send("POST", "/echo", "0123456789").body());
            assertEquals(413, server.exchange(
                    "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n").status());
        }
    }

    @Test
    void expectContinueWithinTheLimitGetsContinueThenTheAnswer() throws IOException {
        Router router = Router.newBuilder().post("/echo", request -> text(request.bodyText())).build();
        try (TestServer server = TestServer.start(router); RawConnection connection = server.connect()) {
            connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
            assertEquals(100, connection.read().status());

            assertEquals("hi", connection.send("hi").read().body());
        }
    }

    @Test
    void serverKeepsServingWhileABlockingHandlerWaits() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Router router = Router.newBuilder()
                .get("/wait", request -> {
                    release.await(5, TimeUnit.SECONDS);
                    return text("waited");
                })
                .get("/now", Execution.EVENT_LOOP, request -> text("now"))
                .build();
        try (TestServer server = TestServer.start(router)) {
            CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> server.get("/wait"));
            Eventually.await(Duration.ofSeconds(5), () -> "now".equals(server.get("/now").body()), () -> "/now");
            assertFalse(waiting.isDone());

            release.countDown();
            assertEquals("waited", waiting.get(5, TimeUnit.SECONDS).body());
        }
    }
}

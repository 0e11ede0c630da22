package pavel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pavel.server.http.ConnectionEvent;
import pavel.server.http.Response;
import pavel.server.http.Router;
import pavel.server.testing.LogCapture;
import pavel.server.testing.RawResponse;

/**
 * When a connection closes, checked in memory where the order of events is ours to choose: blocking
 * handlers run only when the test says, so a request can be held in flight while events arrive.
 */
class ConnectionLifecycleTest {

    private final Queue<Runnable> heldHandlers = new ArrayDeque<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new PavelServerInitializer(
            ServerConfig.newBuilder().build(),
            Router.newBuilder().get("/work", request -> Response.text(HttpResponseStatus.OK, "done")).build(),
            heldHandlers::add,
            new DefaultChannelGroup(GlobalEventExecutor.INSTANCE)));

    @AfterEach
    void releaseBuffers() {
        channel.finishAndReleaseAll();
    }

    private void request() {
        channel.writeInbound(Unpooled.copiedBuffer("GET /work HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
    }

    private void runHeldHandler() {
        heldHandlers.remove().run();
        channel.runPendingTasks();
    }

    private RawResponse written() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            out.readBytes(bytes, out.readableBytes());
            out.release();
        }
        return RawResponse.read(new ByteArrayInputStream(bytes.toByteArray()), false);
    }

    @Test
    void halfCloseWithARequestInFlightClosesAfterItsResponse() throws IOException {
        request();
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertTrue(channel.isOpen(), "the request in flight keeps the connection open");

        runHeldHandler();

        RawResponse response = written();
        assertEquals("done", response.body());
        assertEquals("close", response.header("connection"));
        assertFalse(channel.isOpen());
    }

    @Test
    void drainWithARequestInFlightClosesAfterItsResponse() throws IOException {
        request();
        channel.pipeline().fireUserEventTriggered(ConnectionEvent.DRAIN);
        assertTrue(channel.isOpen());

        runHeldHandler();

        assertEquals("close", written().header("connection"));
        assertFalse(channel.isOpen());
    }

    @Test
    void drainOfAnIdleConnectionClosesItAtOnce() throws IOException {
        request();
        runHeldHandler();
        assertNull(written().header("connection"));

        channel.pipeline().fireUserEventTriggered(ConnectionEvent.DRAIN);

        assertFalse(channel.isOpen());
    }

    @Test
    void requestWhoseBodyStopsHalfwayIsNotInFlight() {
        channel.writeInbound(Unpooled.copiedBuffer(
                "POST /work HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345", StandardCharsets.US_ASCII));

        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);

        assertFalse(channel.isOpen(), "a client that stops sending is closed like an idle one");
    }

    @Test
    void unexpectedPipelineErrorIsLoggedAndCloses() {
        try (LogCapture log = LogCapture.of("pavel.server.http")) {
            channel.pipeline().fireExceptionCaught(new IllegalStateException("broken stage"));

            assertFalse(channel.isOpen());
            assertEquals("broken stage", log.events().getFirst().getThrowableProxy().getMessage());
        }
    }

    @Test
    void peerResetClosesQuietly() {
        try (LogCapture log = LogCapture.of("pavel.server.http")) {
            channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

            assertFalse(channel.isOpen());
            assertEquals(List.of(), log.events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList());
        }
    }

    @Test
    void idleTimeoutSparesAConnectionWithARequestInFlight() {
        request();

        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertTrue(channel.isOpen());

        runHeldHandler();
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertFalse(channel.isOpen());
    }
}

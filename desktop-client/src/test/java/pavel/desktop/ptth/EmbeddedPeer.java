package pavel.desktop.ptth;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The client's pipeline in an {@link EmbeddedChannel}, driven by the test as B. Handlers run on a test-driven
 * executor that runs the most recently queued handler first, so later requests finish before earlier ones.
 */
final class EmbeddedPeer implements ReversedExchangeContract.Peer {
    static final URI TV1_URI = URI.create("http://pavel.example:8080/pavel/ptth");
    private static final Duration WAIT = Duration.ofSeconds(5);

    final EmbeddedChannel channel;
    final PtthClientConfig config;
    final List<HandshakeOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final Deque<Runnable> handlerTasks = new ArrayDeque<>();
    private final ByteArrayOutputStream fromA = new ByteArrayOutputStream();

    EmbeddedPeer(UnaryOperator<PtthClientConfig.Builder> configure, ReverseHandler handler) {
        this(configure.apply(PtthClientConfig.newBuilder(TV1_URI)).build(), handler);
    }

    EmbeddedPeer(PtthClientConfig config, ReverseHandler handler) {
        this(config, handler, null);
    }

    /** With {@code queueTarget}, A starts by polling that long-poll queue instead of handshaking. */
    EmbeddedPeer(PtthClientConfig config, ReverseHandler handler, @Nullable String queueTarget) {
        this.config = config.toBuilder().handlerExecutor(handlerTasks::add).build();
        HandshakeRequest request = HandshakeRequest.of(this.config, this.config.offeredToken(), this.config.sessionId());
        this.channel = new EmbeddedChannel(new PtthClientInitializer(this.config, handler, request, outcomes::add,
                null, queueTarget));
    }

    @Override
    public String handshake() {
        drain();
        byte[] all = fromA.toByteArray();
        String text = new String(all, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("No complete handshake from A: '" + text + "'");
        }
        String head = text.substring(0, end + 4);
        fromA.reset();
        fromA.writeBytes(Arrays.copyOfRange(all, head.getBytes(StandardCharsets.UTF_8).length, all.length));
        return head;
    }

    @Override
    public void send(String bytes) {
        send(bytes.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        channel.checkException();
    }

    @Override
    public String receive(int n) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (fromA.size() < n && System.nanoTime() < deadline) {
            runHandlers();
            drain();
            Thread.onSpinWait();
        }
        byte[] all = fromA.toByteArray();
        if (all.length < n) {
            throw new AssertionError("A sent " + all.length + " of " + n + " bytes: '"
                    + new String(all, StandardCharsets.UTF_8) + "'");
        }
        fromA.reset();
        fromA.writeBytes(Arrays.copyOfRange(all, n, all.length));
        return new String(all, 0, n, StandardCharsets.UTF_8);
    }

    /** Everything A sent so far, without waiting. */
    String sent() {
        runHandlers();
        drain();
        String s = fromA.toString(StandardCharsets.UTF_8);
        fromA.reset();
        return s;
    }

    @Override
    public boolean closedByA() {
        runHandlers();
        channel.runPendingTasks();
        return !channel.isOpen();
    }

    @Override
    public String authority() {
        return config.authority();
    }

    /** Runs queued handlers, last queued first. */
    void runHandlers() {
        Runnable task;
        while ((task = handlerTasks.pollLast()) != null) {
            task.run();
        }
        channel.runPendingTasks();
    }

    private void drain() {
        channel.runPendingTasks();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) msg;
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            fromA.writeBytes(bytes);
        }
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}

package pavel.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import pavel.server.http.Router;
import pavel.server.testing.RawResponse;

/** The HTTP contract on an {@code EmbeddedChannel}: the real pipeline, no sockets, handlers run inline. */
class InMemoryHttpConformanceTest extends HttpConformanceContract {

    private static final Router ROUTER = PavelRoutes.create(Version.current(), new ObjectMapper());

    @Override
    RawResponse exchange(String rawRequest) throws IOException {
        PavelServerInitializer initializer = new PavelServerInitializer(
                ServerConfig.newBuilder().build(), ROUTER, Runnable::run,
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE));
        EmbeddedChannel channel = new EmbeddedChannel(initializer);
        try {
            channel.writeInbound(Unpooled.copiedBuffer(rawRequest, StandardCharsets.ISO_8859_1));
            channel.runPendingTasks();
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
                ByteBuf buffer = (ByteBuf) out;
                try {
                    buffer.readBytes(written, buffer.readableBytes());
                } finally {
                    buffer.release();
                }
            }
            boolean head = rawRequest.startsWith("HEAD ");
            return RawResponse.read(new ByteArrayInputStream(written.toByteArray()), head);
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}

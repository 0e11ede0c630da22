package pavel.server.ptth;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static pavel.server.ptth.PtthPipelineVectorsTest.get;
import static pavel.server.ptth.PtthPipelineVectorsTest.write;
import static pavel.server.ptth.PtthPipelineVectorsTest.written;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pavel.ptth.PtthFormatException;
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
 * Mutated {@code message/http} envelopes, from a fixed seed so a failure repeats: the parser either reads a sane
 * answer or says what is wrong ({@link PtthFormatException}, hence a 400), and the queue answers every mutated
 * poll with a 2xx or a 4xx; no other exception, no 5xx, no hang.
 */
class PtthMessageHttpFuzzTest {

    private static final long SEED = 0x5EED_0009L;
    private static final List<byte[]> SEEDS = List.of(
            bytes(PtthMessageHttpVectorsTest.TV9_RESPONSE),
            bytes("HTTP/1.1 204 No Content\r\n\r\n"),
            bytes("HTTP/1.1 409 Conflict\r\nPavel-Version: 7\r\nContent-Type: application/json; charset=utf-8\r\n"
                    + "Content-Length: 17\r\n\r\n{\"text\":\"h\u00e9llo\"}"),
            bytes("HTTP/1.1 200 OK\r\nETag: \"abc\"\r\nPavel-Version: 12\r\nVary: a\r\nVary: b\r\nContent-Length: 0\r\n\r\n"));
    private static final List<byte[]> INSERTS = List.of(
            bytes("\r\n"), bytes("\r\n\r\n"), bytes("\n"), bytes("\r"), bytes(" "), bytes("\t"), bytes(":"), bytes("\0"),
            bytes("Transfer-Encoding: chunked\r\n"), bytes("Content-Length: 99999999999999999999\r\n"),
            bytes("Content-Length: -1\r\n"), bytes("Content-Length: 4\r\n"), bytes("Content-Length: 0\r\n"),
            bytes("HTTP/1.1 100 Continue\r\n\r\n"), bytes("HTTP/1.1 200 OK\r\n\r\n"), bytes("4\r\nGood\r\n0\r\n\r\n"),
            bytes("Upgrade: websocket\r\nConnection: Upgrade\r\n"), bytes(" folded\r\n"), bytes("\u00e9\u4e2d"),
            bytes("X".repeat(5000)), bytes("X-A: " + "b".repeat(9000) + "\r\n"));
    private static final byte[] INTERESTING = {'\r', '\n', 0, ' ', '\t', ':', 0x7f, (byte) 0xff, '0', '9', 'a', '/', '"'};
    private static final Set<Integer> POLL_STATUSES = Set.of(200, 204, 400, 413, 415);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** One to four random edits of a random seed envelope. */
    static byte[] mutate(Random random) {
        byte[] out = SEEDS.get(random.nextInt(SEEDS.size())).clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = out.length == 0 ? 0 : random.nextInt(out.length + 1);
            switch (random.nextInt(8)) {
                case 0 -> {
                    if (at < out.length) {
                        out[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> {
                    if (at < out.length) {
                        out[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                    }
                }
                case 2 -> out = splice(out, at, Math.min(out.length, at + random.nextInt(12)), new byte[0]);
                case 3 -> {
                    int end = Math.min(out.length, at + 1 + random.nextInt(30));
                    out = splice(out, at, at, java.util.Arrays.copyOfRange(out, Math.min(at, end), end));
                }
                case 4 -> out = java.util.Arrays.copyOf(out, at);
                case 5 -> out = splice(out, at, at, INSERTS.get(random.nextInt(INSERTS.size())));
                case 6 -> {
                    byte[] noise = new byte[1 + random.nextInt(8)];
                    random.nextBytes(noise);
                    out = splice(out, at, at, noise);
                }
                default -> {
                    if (at < out.length) {
                        out[at] = (byte) (0x20 + random.nextInt(0x5f));
                    }
                }
            }
        }
        return out;
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, from);
        out.writeBytes(insert);
        out.write(bytes, to, bytes.length - to);
        return out.toByteArray();
    }

    private static String escaped(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            out.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf((char) c) : "\\x%02x".formatted(c));
        }
        return out.toString();
    }

    @Test
    void theParserReadsASaneAnswerOrNamesTheFaultForEveryMutation() {
        Random random = new Random(SEED);
        int accepted = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] envelope = mutate(random);
            try {
                ReverseResponse answer = MessageHttp.readResponse("m-" + i, envelope);
                assertTrue(answer.status() >= 200 && answer.status() <= 599, "status " + answer.status());
                assertTrue(answer.headers().stream().noneMatch(h -> h.isFraming()), "framing fields are left out");
                accepted++;
            } catch (PtthFormatException e) {
                assertNotNull(e.getMessage());
                assertTrue(!e.getMessage().isBlank() && e.getMessage().length() < 600, e.getMessage());
            } catch (RuntimeException | AssertionError e) {
                fail("seed " + SEED + ", mutation " + i + ": " + escaped(envelope), e);
            }
        }
        assertTrue(accepted > 50 && accepted < 3000, "the mutations hit both sides: " + accepted + " accepted");
    }

    @Test
    void theQueueAnswersEveryMutatedPollWithA2xxOr4xx() throws IOException {
        PtthConfig ptth = PtthConfig.newBuilder().hold(Duration.ofMillis(50)).maxAnswerBytes(4096).build();
        SessionRegistry sessions = new SessionRegistry(ptth);
        ServerConfig config = ServerConfig.newBuilder().ptth(ptth).build();
        Session session = sessions.create("anonymous", Flavour.LONG_POLL, List.of("main"));
        Random random = new Random(SEED + 1);
        String[] types = {"message/http; msgtype=response", "message/http", "Message/HTTP;MsgType=\"response\"",
            "message/http; msgtype=request", "message/http;;", "message/http; msgtype", "application/json", "text/plain"};
        EmbeddedChannel channel = null;
        try {
            for (int i = 0; i < 300; i++) {
                if (channel == null || !channel.isActive()) {
                    if (channel != null) {
                        channel.finishAndReleaseAll();
                    }
                    channel = new EmbeddedChannel(new PavelServerInitializer(config,
                            PavelRoutes.create(Version.current(), new ObjectMapper(), sessions), Runnable::run,
                            new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), sessions));
                }
                if (session.queueDepth() == 0) {
                    session.send(get("q-" + i)); // a poll that gets through finds a request and does not hold
                }
                byte[] envelope = mutate(random);
                String id = switch (random.nextInt(6)) {
                    case 0 -> "PTTH-Message-ID: q-" + Math.max(0, i - 1) + "\r\n";
                    case 1 -> "";
                    case 2 -> "PTTH-Message-ID: a b\r\nPTTH-Message-ID: c\r\n";
                    default -> "PTTH-Message-ID: m-" + random.nextInt(1000) + "\r\n";
                };
                String head = "POST " + session.queueUri() + " HTTP/1.1\r\nHost: pavel.example:8080\r\nAccept: "
                        + PtthMessageHttpVectorsTest.ACCEPT + "\r\nContent-Type: " + types[random.nextInt(types.length)]
                        + "\r\n" + id + "Content-Length: " + envelope.length + "\r\n\r\n";
                write(channel, head);
                channel.writeInbound(Unpooled.wrappedBuffer(envelope));
                channel.runPendingTasks();
                byte[] out = written(channel);
                RawResponse response = RawResponse.read(new ByteArrayInputStream(out), false);
                assertTrue(POLL_STATUSES.contains(response.status()), "seed " + (SEED + 1) + ", mutation " + i + ": "
                        + response.status() + " " + response.body() + " for " + escaped(envelope));
            }
        } finally {
            if (channel != null) {
                channel.finishAndReleaseAll();
            }
            sessions.close();
        }
    }
}

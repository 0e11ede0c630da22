package pavel.desktop.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pavel.desktop.ptth.PtthClient;
import pavel.desktop.ptth.PtthClientConfig;
import pavel.desktop.ptth.ReverseRouter;
import pavel.model.Document;
import pavel.op.DocRequest;
import pavel.op.Op;
import pavel.op.OpRecord;
import pavel.op.Placement;
import pavel.path.NodePath;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;
import pavel.replica.SpaceReplicas;

/**
 * A real {@link PtthClient} holding replicas, against a hand-written server (B) on a {@link ServerSocket}: B joins
 * the client to a space, sends ops pipelined in one write and checks the replica; after a dropped connection the
 * client's handshake says how far it got.
 */
final class ReplicaOverPtthTest {
    private static final String UPGRADE_101 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\n\r\n";

    private final SpaceReplicas replicas = new SpaceReplicas();
    private ServerSocket server;
    private PtthClient client;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        server.setSoTimeout(5_000);
        PtthClientConfig config = PtthClientConfig
                .newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/ptth"))
                .openSessionFirst(false) // B speaks only the upgrade handshake
                .viewSpaces(List.of("main"))
                .dynamicHeaders(new ResumeHeaders(replicas))
                .backoff(Duration.ofMillis(20), 2, Duration.ofMillis(80))
                .random(new Random(5))
                .build();
        client = new PtthClient(config, ReplicaRoutes.register(ReverseRouter.builder(), replicas).build());
        client.connect();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    @Test
    void serverKeepsTheReplicaCurrentAndAReconnectResumesFromItsVersion() throws Exception {
        Document doc = new Document(Document.parse("<ul id=\"list\"><li>a</li></ul>").body().copy(), 4);
        List<OpRecord> records = new ArrayList<>();
        try (Socket first = accept()) {
            String handshake = readHead(first.getInputStream());
            assertFalse(handshake.contains("Pavel-Version"), "nothing to resume yet: " + handshake);
            StringBuilder pipelined = new StringBuilder(UPGRADE_101).append(wire(DocRequest.wholeDocument("main", doc)));
            for (Op op : List.of(
                    new Op.Insert(NodePath.parse("//*[@id='list']"), Placement.APPEND, "<li>b</li>"),
                    new Op.Set(NodePath.parse("/body/ul/li[1]/@title"), "first"),
                    new Op.Replace(NodePath.parse("/body/ul/li[2]"), "<li>B</li>"))) {
                OpRecord record = op.applyTo(doc);
                records.add(record);
                pipelined.append(wire(DocRequest.of("main", record.op()).toReverse(record.base())));
            }
            pipelined.append(wire(DocRequest.of("main", records.getFirst().op()).toReverse(records.getFirst().base())));
            pipelined.append(wire(DocRequest.replicaCheck("main")));
            write(first, pipelined.toString());

            InputStream in = first.getInputStream();
            for (int i = 0; i < 5; i++) {
                assertTrue(readResponse(in).startsWith("HTTP/1.1 204 "), "whole document, ops and a repeat: 204");
            }
            String check = readResponse(in);
            assertTrue(check.startsWith("HTTP/1.1 200 "), check);
            assertTrue(check.contains("\r\nPavel-Version: 7\r\n"), check);
            assertTrue(check.contains("\r\nETag: \"" + doc.hashHex() + "\"\r\n"), check);

            write(first, wire(DocRequest.of("main", new Op.Remove(NodePath.parse("/body/ul"))).toReverse(9)));
            String conflict = readResponse(in);
            assertTrue(conflict.startsWith("HTTP/1.1 409 "), conflict);
            assertTrue(conflict.endsWith("The replica is at version 7, but the op applies to version 9."), conflict);
        }
        assertEquals(doc.outerHtml(), replicas.snapshot("main").outerHtml());
        try (Socket second = accept()) {
            String handshake = readHead(second.getInputStream());
            assertTrue(handshake.contains("\r\nPavel-View: main\r\nPavel-Version: main=7\r\n"), handshake);
        }
    }

    private Socket accept() throws IOException {
        Socket s = server.accept();
        s.setSoTimeout(5_000);
        return s;
    }

    /** A reverse request as B writes it on the upgraded socket. */
    private static String wire(ReverseRequest request) {
        StringBuilder out = new StringBuilder(request.method()).append(' ').append(request.uri()).append(" HTTP/1.1\r\n");
        for (Header h : request.headers()) {
            out.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        int length = request.body().getBytes(StandardCharsets.UTF_8).length;
        if (length > 0) {
            out.append("Content-Length: ").append(length).append("\r\n");
        }
        return out.append("\r\n").append(request.body()).toString();
    }

    private static void write(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    /** One response: its head and, by Content-Length, its body. */
    private static String readResponse(InputStream in) throws IOException {
        String head = readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** Reads byte by byte through the blank line that ends a head (no read-ahead). */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("A closed during the head: '" + head.toString(StandardCharsets.UTF_8) + "'");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.UTF_8);
    }
}

package pavel.desktop.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.ptth.ReverseRequest;

/**
 * Interop over real sockets with an independent HTTP implementation as B: embedded Tomcat upgrades the handshake
 * with the Servlet API ({@code HttpServletRequest.upgrade}; Tomcat writes {@code HTTP/1.1 101 } with an empty
 * reason, TV-8c), then the test writes reversed requests by hand on the {@link WebConnection} and parses A's
 * answers from it.
 */
final class TomcatInteropTest {
    private static final Logger LOG = LoggerFactory.getLogger(TomcatInteropTest.class);

    /** One upgraded connection as B sees it: the handshake's fields and the raw streams. */
    record Upgraded(String upgrade, String connection, String host, String session, InputStream in, OutputStream out,
            WebConnection connectionHandle) {
    }

    private final BlockingQueue<Upgraded> upgraded = new LinkedBlockingQueue<>();

    /** One POST to the long-poll queue as Tomcat parsed it. */
    record Poll(String method, String uri, String upgrade, String contentType, String body) {
    }

    private final BlockingQueue<Poll> polls = new LinkedBlockingQueue<>();
    private final java.util.Queue<String> pollAnswers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private Tomcat tomcat;
    private int port;
    private PtthClient client;

    /** Tomcat instantiates it; the servlet hands over the queue and the handshake's fields before init. */
    public static final class PtthUpgrade implements HttpUpgradeHandler {
        BlockingQueue<Upgraded> sink;
        String upgrade;
        String connection;
        String host;
        String session;

        @Override
        public void init(WebConnection wc) {
            try {
                // Tomcat's blocking reads from a test thread never see data; the non-blocking API does.
                Inbox inbox = new Inbox();
                ServletInputStream in = wc.getInputStream();
                in.setReadListener(new ReadListener() {
                    private final byte[] buffer = new byte[8192];

                    @Override
                    public void onDataAvailable() throws IOException {
                        while (in.isReady()) {
                            int n = in.read(buffer);
                            if (n < 0) {
                                break;
                            }
                            inbox.add(Arrays.copyOf(buffer, n));
                        }
                    }

                    @Override
                    public void onAllDataRead() {
                        inbox.add(new byte[0]);
                    }

                    @Override
                    public void onError(Throwable t) {
                        inbox.add(new byte[0]);
                    }
                });
                sink.add(new Upgraded(upgrade, connection, host, session, inbox, wc.getOutputStream(), wc));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void destroy() {
        }
    }

    @BeforeEach
    void startTomcat(@TempDir Path dir) throws LifecycleException {
        tomcat = new Tomcat();
        tomcat.setBaseDir(dir.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", dir.toString());
        if (context instanceof StandardContext standard) {
            standard.setClearReferencesThreadLocals(false); // no leak hunting in a test
            standard.setClearReferencesRmiTargets(false);
        }
        Wrapper servlet = Tomcat.addServlet(context, "ptth", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
                String upgrade = req.getHeader("Upgrade");
                if (!"POST".equals(req.getMethod()) || upgrade == null
                        || !upgrade.toUpperCase(Locale.ROOT).equals("PTTH/1.0")) {
                    resp.sendError(426);
                    return;
                }
                resp.setHeader("Upgrade", "PTTH/1.0");
                resp.setHeader("Connection", "Upgrade");
                resp.setHeader("Pavel-Session", "s-tomcat-1");
                PtthUpgrade handler = req.upgrade(PtthUpgrade.class);
                handler.sink = upgraded;
                handler.upgrade = upgrade;
                handler.connection = req.getHeader("Connection");
                handler.host = req.getHeader("Host");
                handler.session = String.valueOf(req.getHeader("Pavel-Session"));
            }
        });
        servlet.addMapping("/pavel/ptth");
        Wrapper queue = Tomcat.addServlet(context, "queue", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                polls.add(new Poll(req.getMethod(), req.getRequestURI(), req.getHeader("Upgrade"),
                        String.valueOf(req.getContentType()), new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));
                String next = pollAnswers.poll();
                if (next == null) {
                    resp.sendError(410); // the queue is gone: the test is over
                    return;
                }
                resp.setContentType("application/json");
                resp.setHeader("Cache-Control", "no-store");
                byte[] body = next.getBytes(StandardCharsets.UTF_8);
                resp.setContentLength(body.length);
                resp.getOutputStream().write(body);
            }
        });
        queue.addMapping("/pavel/ptth/q/*");
        tomcat.start();
        port = tomcat.getConnector().getLocalPort();
    }

    @AfterEach
    void stop() throws LifecycleException {
        if (client != null) {
            client.close();
        }
        tomcat.stop();
        tomcat.destroy();
    }

    @Test
    void pipelinedGetAndUtf8PutAreAnsweredInOrderThroughTomcat() throws Exception {
        List<ReverseRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ReverseRouter router = ReverseRouter.builder()
                .on("GET", "/status", req -> ReverseReplies.ok(req, "text/plain; charset=utf-8", "Good \u00e9"))
                .on("PUT", "/doc/**", req -> {
                    seen.add(req);
                    Thread.sleep(50); // slower than the GET: its answer must still come second
                    return ReverseReplies.noContent(req);
                })
                .build();
        client = new PtthClient(config().maxConcurrentHandlers(2).build(), router);
        client.connect();
        Upgraded b = next();
        assertEquals("PTTH/1.0", b.upgrade());
        assertEquals("Upgrade", b.connection());
        assertEquals("127.0.0.1:" + port, b.host());

        byte[] body = "<p>h\u00e9llo \u2603</p>".getBytes(StandardCharsets.UTF_8);
        String requests = "PUT /doc/main/body/p HTTP/1.1\r\nHost: \r\nPavel-Base: 4\r\nPavel-Version: 5\r\n"
                + "Content-Type: text/html; charset=utf-8\r\nContent-Length: " + body.length + "\r\n\r\n";
        b.out().write(requests.getBytes(StandardCharsets.UTF_8));
        b.out().write(body);
        b.out().write("GET /status HTTP/1.1\r\nHost: \r\n\r\n".getBytes(StandardCharsets.UTF_8));
        b.out().flush();

        Answer first = Answer.read(b.in());
        Answer second = Answer.read(b.in());
        assertEquals("HTTP/1.1 204 No Content", first.statusLine());
        assertEquals("", first.body());
        assertEquals("HTTP/1.1 200 OK", second.statusLine());
        assertEquals("Good \u00e9", second.body());
        assertEquals(List.of("Content-Type: text/plain; charset=utf-8", "Content-Length: 7"), second.fields());

        ReverseRequest put = seen.getFirst();
        assertEquals("<p>h\u00e9llo \u2603</p>", put.body());
        assertEquals("5", put.header("Pavel-Version"));
        assertEquals("s-tomcat-1", client.sessionId());
        b.connectionHandle().close();
    }

    @Test
    void silentServerIsLeftAfterTDeadAndTheSessionTomcatNamedIsResumed() throws Exception {
        client = new PtthClient(config().deadPeerTimeout(Duration.ofMillis(300)).build(), ReverseRouter.builder().build());
        client.connect();
        Upgraded first = next();
        assertEquals("null", first.session());
        // B sends nothing, not even a heartbeat: after T_dead A closes and reconnects with Pavel-Session.
        Upgraded second = next();
        assertEquals("s-tomcat-1", second.session());
        second.out().write("OPTIONS * HTTP/1.1\r\nHost: \r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        second.out().flush();
        assertEquals("HTTP/1.1 204 No Content", Answer.read(second.in()).statusLine());
        second.connectionHandle().close();
    }

    @Test
    void longPollQueueServedByTomcatGetsItsAnswersInTheNextPoll() throws Exception {
        pollAnswers.add("{\"message-id\":\"m-0002\",\"method\":\"PUT\",\"request-uri\":\"/ui/widget/42\","
                + "\"http-version\":\"PTTH/1.0\",\"headers\":[[\"Host\",\"\"],[\"Content-Type\",\"application/json; charset=utf-8\"]],"
                + "\"body\":\"{\\\"text\\\":\\\"h\u00e9llo\\\"}\"}");
        pollAnswers.add("{}");
        List<ReverseRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ReverseRouter router = ReverseRouter.builder()
                .on("PUT", "/ui/widget/*", req -> {
                    seen.add(req);
                    return ReverseReplies.noContent(req);
                })
                .build();
        BlockingQueue<ConnectionEvent> events = new LinkedBlockingQueue<>();
        client = new PtthClient(PtthClientConfig.newBuilder(URI.create("http://127.0.0.1:" + port + "/pavel/ptth/q/7f3c9a2e"))
                .openSessionFirst(false)
                .backoff(Duration.ofSeconds(10), 2, Duration.ofSeconds(10)).build(), router, events::add);
        client.connect();

        Poll handshake = nextPoll(); // Tomcat does not upgrade a queue URI: the 200 is the poll answer (TV-3)
        assertEquals("PTTH/1.0", handshake.upgrade());
        assertEquals("", handshake.body());
        Poll answer = nextPoll();
        assertEquals("POST", answer.method());
        assertEquals("/pavel/ptth/q/7f3c9a2e", answer.uri());
        assertEquals("application/json", answer.contentType());
        assertEquals("{\"message-id\":\"m-0002\",\"http-version\":\"PTTH/1.0\",\"status\":204,\"reason\":\"No Content\","
                + "\"headers\":[],\"body\":\"\"}", answer.body());
        assertEquals("{\"text\":\"h\u00e9llo\"}", seen.getFirst().body());
        Poll idle = nextPoll(); // after {}: an empty poll
        assertEquals("", idle.body());
        ConnectionEvent e;
        do {
            e = events.poll(5, TimeUnit.SECONDS);
            assertNotNull(e, "no BACKING_OFF after the queue went away");
        } while (e.state() != ConnectionState.BACKING_OFF);
        assertEquals("poll answered 410: the queue is gone", e.detail());
    }

    private Poll nextPoll() throws InterruptedException {
        Poll p = polls.poll(10, TimeUnit.SECONDS);
        assertNotNull(p, "no poll reached Tomcat");
        return p;
    }

    private PtthClientConfig.Builder config() {
        return PtthClientConfig.newBuilder(URI.create("http://127.0.0.1:" + port + "/pavel/ptth"))
                .openSessionFirst(false) // Tomcat plays a plain PTTH server, not Pavel's session endpoint
                .backoff(Duration.ofMillis(10), 2, Duration.ofMillis(50));
    }

    private Upgraded next() throws InterruptedException {
        Upgraded b = upgraded.poll(10, TimeUnit.SECONDS);
        assertNotNull(b, "no upgraded connection reached Tomcat");
        return b;
    }

    /** What Tomcat read from A, as a blocking stream for the test thread; an empty chunk is the end. */
    static final class Inbox extends InputStream {
        private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int pos;
        private boolean ended;

        void add(byte[] chunk) {
            chunks.add(chunk);
        }

        @Override
        public int read() throws IOException {
            while (!ended && pos == current.length) {
                try {
                    byte[] next = chunks.poll(10, TimeUnit.SECONDS);
                    if (next == null) {
                        throw new java.net.SocketTimeoutException("nothing from A within 10 s");
                    }
                    ended = next.length == 0;
                    current = next;
                    pos = 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
            }
            return ended ? -1 : current[pos++] & 0xff;
        }
    }

    /** One response from A, parsed by hand: status line, fields in order, Content-Length body. */
    record Answer(String statusLine, List<String> fields, String body) {
        static Answer read(InputStream in) throws IOException {
            String head = SocketReversedExchangeTest.SocketPeer.readHead(in);
            String[] lines = head.substring(0, head.length() - 4).split("\r\n");
            List<String> fields = new ArrayList<>(List.of(lines).subList(1, lines.length));
            int length = 0;
            for (String f : fields) {
                if (f.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(f.substring(15).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            LOG.debug("A answered {} with {} bytes", lines[0], body.length);
            return new Answer(lines[0], fields, new String(body, StandardCharsets.UTF_8));
        }
    }
}

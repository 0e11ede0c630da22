package pavel.server.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pavel.desktop.ptth.ConnectionListener;
import pavel.desktop.ptth.PtthClient;
import pavel.desktop.ptth.PtthClientConfig;
import pavel.desktop.ptth.ReverseRouter;
import pavel.desktop.replica.ReplicaRoutes;
import pavel.desktop.replica.ResumeHeaders;
import pavel.model.Document;
import pavel.model.Element;
import pavel.model.Node;
import pavel.path.NodePath;
import pavel.replica.SpaceReplicas;
import pavel.server.testing.Eventually;
import pavel.server.testing.TestServer;

/**
 * Convergence, the core promise: seeded random schedules in which several REST writers change a space while
 * upgraded, long-poll and browser-like sessions view it, and some of them disconnect, resume, reload or stall
 * until their queue overflows. At the end every replica's version and hash equal the server's, and no replica
 * check ever found a mismatch.
 *
 * <p>{@code -Dpavel.test.seed=N} replays one seed; {@code pavel.test.scale} multiplies the number of schedules
 * (100 by default; the long profile runs 10,000).
 */
class ConvergencePropertyTest {
    private static final int SCHEDULES = 100;
    private static final int PARALLEL = 4;
    private static final Duration CONVERGED_WITHIN = Duration.ofSeconds(30);
    private static final String[] FRAGMENTS = {
        "<p>para</p>", "<span class=\"c\">s</span>", "<ul><li>a</li><li>b</li></ul>", "text", "<b>bold</b> tail",
        "<div id=\"d\"><i>x</i></div>", "<em>é ✓</em>", "<table><tbody><tr><td>1</td></tr></tbody></table>",
    };

    private static TestServer server;
    private static EventLoopGroup clientLoops;

    @BeforeAll
    static void start() {
        server = TestServer.startWorld(ptth -> ptth
                        .hold(Duration.ofSeconds(2))
                        .responseTimeout(Duration.ofSeconds(3))
                        .queueExpiry(Duration.ofSeconds(4))
                        .maxQueuedRequests(24),
                // No background checks: the replicas must converge by the protocol alone; each schedule checks at its end.
                SpaceConfig.DEFAULTS.withReplicaCheckInterval(Duration.ofHours(1)));
        clientLoops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        clientLoops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void everyReplicaEndsIdenticalToTheServer() throws Exception {
        long seed = Long.getLong("pavel.test.seed", 4242L);
        int schedules = seedGiven() ? 1 : SCHEDULES * Integer.getInteger("pavel.test.scale", 1);
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < schedules; i++) {
                long scheduleSeed = seed + i;
                runs.add(pool.submit(() -> {
                    try {
                        runSchedule(scheduleSeed);
                    } catch (Throwable e) {
                        throw new AssertionError("Schedule with -Dpavel.test.seed=" + scheduleSeed + " failed: " + e, e);
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        }
        SpaceMetrics metrics = server.spaces().metrics();
        System.out.printf("%d schedules: %d ops applied, %d resyncs, %d catch-ups, %d replica checks%n", schedules,
                metrics.opsApplied(), metrics.resyncs(), metrics.catchUps(), metrics.replicaChecks());
        assertEquals(0, metrics.replicaMismatches(), "replica checks never find a mismatch");
        if (!seedGiven()) {
            assertTrue(metrics.opsApplied() > schedules * 10L, "the writers changed the spaces");
            assertTrue(metrics.resyncs() > 0, "some sessions fell out of step and were resynced");
            assertTrue(metrics.catchUps() > 0, "some sessions resumed with only what they missed");
            assertTrue(metrics.replicaChecks() > 0, "replicas were checked");
        }
    }

    private static boolean seedGiven() {
        return System.getProperty("pavel.test.seed") != null;
    }

    private void runSchedule(long seed) throws Exception {
        Random random = new Random(seed);
        String space = "conv-" + seed;
        assertEquals(201, server.send("PUT", "/spaces/" + space, "<p id=\"start\">start</p>").statusCode());
        List<Viewer> viewers = new ArrayList<>();
        try {
            for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
                viewers.add(new Upgraded(space));
            }
            for (int i = 0, n = random.nextInt(2); i < n; i++) {
                viewers.add(new Polling(new PollingReplicaClient(server, space, 0)));
            }
            for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
                viewers.add(new Polling(new PollingReplicaClient(server, space, 16)));
            }
            int writers = 1 + random.nextInt(3);
            int opsEach = 10 + random.nextInt(30);
            AtomicLong attempted = new AtomicLong();
            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                long writerSeed = random.nextLong();
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        write(space, new Random(writerSeed), opsEach, attempted);
                    } catch (Throwable e) {
                        writerFailure.compareAndSet(null, e);
                    }
                }));
            }
            // Chaos while the writers write: each step waits for some of their ops, then disturbs one viewer.
            long total = (long) writers * opsEach;
            for (int step = 0, steps = random.nextInt(6); step < steps; step++) {
                long after = random.nextLong(total);
                Eventually.await(CONVERGED_WITHIN, () -> attempted.get() >= after || writerFailure.get() != null,
                        () -> "writers stalled");
                viewers.get(random.nextInt(viewers.size())).disturb(random);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            if (writerFailure.get() != null) {
                throw new AssertionError("A writer failed", writerFailure.get());
            }
            viewers.forEach(Viewer::settle);
            Space shared = server.spaces().require(space);
            Supplier<String> state = () -> describe(shared, viewers);
            Eventually.await(CONVERGED_WITHIN, () -> viewers.stream().allMatch(v -> converged(shared, v.replicas())),
                    () -> "seed " + seed + ": replicas did not converge: " + state.get());
            long checked = server.spaces().metrics().replicaChecks();
            shared.checkReplicas();
            Eventually.await(CONVERGED_WITHIN,
                    () -> server.spaces().metrics().replicaChecks() >= checked + viewers.size(),
                    () -> "seed " + seed + ": replica checks unanswered");
        } finally {
            viewers.forEach(Viewer::close);
            server.send("DELETE", "/spaces/" + space, "");
        }
    }

    private static boolean converged(Space space, SpaceReplicas replicas) {
        String name = space.name();
        if (!replicas.holds(name)) {
            return false;
        }
        return space.read(doc -> doc.version() == replicas.version(name) && doc.hashHex().equals(replicas.hashHex(name)));
    }

    private static String describe(Space space, List<Viewer> viewers) {
        StringBuilder out = new StringBuilder("server v").append(space.version()).append(' ')
                .append(space.read(Document::hashHex));
        for (Viewer viewer : viewers) {
            SpaceReplicas r = viewer.replicas();
            out.append("; ").append(viewer).append(' ').append(r.holds(space.name())
                    ? "v" + r.version(space.name()) + " " + r.hashHex(space.name()) : "no replica");
        }
        return out.toString();
    }

    /** One writer: random changes through REST on whatever the space holds now; refusals are part of the game. */
    private static void write(String space, Random random, int ops, AtomicLong attempted) {
        for (int i = 0; i < ops; i++) {
            HttpResponse<String> current = server.get("/doc/" + space + "/");
            Document doc = Document.parse(current.body().replaceFirst("^<body>", "").replaceFirst("</body>$", ""));
            List<Element> elements = new ArrayList<>();
            collect(doc.body(), elements);
            Element target = elements.get(random.nextInt(elements.size()));
            String path = "/doc/" + space + NodePath.of(target).toUriString();
            String fragment = FRAGMENTS[random.nextInt(FRAGMENTS.length)];
            HttpResponse<String> response = switch (random.nextInt(8)) {
                case 0, 1 -> server.send("POST", path, fragment);
                case 2 -> server.send("POST", path + "?at=" + (random.nextBoolean() ? "before" : "after"), fragment);
                case 3 -> server.send("POST", path + "?at=first", fragment);
                case 4 -> server.send("PUT", path, fragment);
                case 5 -> server.send("PUT", path + "/@title", "t" + random.nextInt(100));
                case 6 -> server.send("PUT", path + "/text()", "x" + random.nextInt(100));
                default -> server.send("DELETE", path, "");
            };
            assertTrue(response.statusCode() < 500, () -> response.statusCode() + " " + response.body());
            attempted.incrementAndGet();
        }
    }

    private static void collect(Element element, List<Element> out) {
        out.add(element);
        for (Node child : element.children()) {
            if (child instanceof Element e) {
                collect(e, out);
            }
        }
    }

    /** A session under test, with its replica and the ways a schedule disturbs it. */
    private interface Viewer extends AutoCloseable {
        SpaceReplicas replicas();

        void disturb(Random random);

        /** Ends any disturbance that would keep it from converging (a pause). */
        void settle();

        @Override
        void close();
    }

    /** A desktop-like client on an upgraded socket; disturbed by dropping the connection and resuming. */
    private static final class Upgraded implements Viewer {
        private final SpaceReplicas replicas = new SpaceReplicas();
        private final ReverseRouter router = ReplicaRoutes.register(ReverseRouter.builder(), replicas).build();
        private final PtthClientConfig config;
        private PtthClient client;

        Upgraded(String space) {
            config = PtthClientConfig.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ptth"))
                    .viewSpaces(List.of(space))
                    .dynamicHeaders(new ResumeHeaders(replicas))
                    .backoff(Duration.ofMillis(20), 2.0, Duration.ofMillis(200))
                    .build();
            client = new PtthClient(config, router, ConnectionListener.none(), clientLoops);
            client.connect();
        }

        @Override
        public SpaceReplicas replicas() {
            return replicas;
        }

        @Override
        public synchronized void disturb(Random random) {
            String session = client.sessionId();
            client.close();
            client = new PtthClient(config.toBuilder().sessionId(session).build(), router, ConnectionListener.none(),
                    clientLoops);
            client.connect();
        }

        @Override
        public void settle() {}

        @Override
        public synchronized void close() {
            client.close();
        }

        @Override
        public String toString() {
            return "upgraded";
        }
    }

    /** A long-poll client; disturbed by stalling (its queue may overflow) or reloading (its replica is gone). */
    private record Polling(PollingReplicaClient client) implements Viewer {
        @Override
        public SpaceReplicas replicas() {
            return client.replicas();
        }

        @Override
        public void disturb(Random random) {
            if (random.nextBoolean()) {
                client.pause();
            } else {
                client.reload();
            }
        }

        @Override
        public void settle() {
            client.unpause();
        }

        @Override
        public void close() {
            client.close();
        }

        @Override
        public String toString() {
            return "long-poll";
        }
    }
}

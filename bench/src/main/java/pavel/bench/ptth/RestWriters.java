package pavel.bench.ptth;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hc.core5.http.Header;
import org.jspecify.annotations.Nullable;
import pavel.bench.http.KeepAliveConnection;
import pavel.op.DocRequest;

/**
 * REST clients of the document API over HTTP/1.1 keep-alive connections ({@link KeepAliveConnection}: blocking
 * Apache HttpCore 5, one request at a time, no pipelining): single ops for the fan-out on one shared connection,
 * and writers that send ops back to back for the sustained rate, each on a connection of its own. Ops are those of
 * {@link SpaceOps}.
 *
 * <p>Thread-safe: the single ops take turns on their connection; each writer's connection is its thread's alone.
 */
final class RestWriters implements Closeable {

    private static final int MAX_SAMPLES = 4_000_000;

    private final String host;
    private final int port;
    private final KeepAliveConnection single;

    RestWriters(String host, int port) {
        this.host = host;
        this.port = port;
        this.single = new KeepAliveConnection(host, port);
    }

    /** The current version of {@code space} ({@code GET /doc/{space}/}). */
    long version(String space) throws IOException {
        return versionOf(send(single, "GET", "/doc/" + space + "/", null, null));
    }

    /** Creates {@code space} with {@code html} as its body ({@code PUT /spaces/{space}}). */
    void create(String space, String html) throws IOException {
        send(single, "PUT", "/spaces/" + space, DocRequest.HTML, html);
    }

    /**
     * Sends op {@code n} of writer {@code writer} on {@code space}.
     *
     * @return the version it produced ({@code Pavel-Version})
     */
    long apply(String space, int writer, long n) throws IOException {
        return apply(single, space, writer, n);
    }

    /**
     * {@code writers} threads each sending its ops back to back on a keep-alive connection of its own (one request
     * outstanding per writer) for {@code seconds}.
     */
    Sustained sustain(String space, int writers, int seconds) throws InterruptedException {
        long[] nanos = new long[MAX_SAMPLES];
        AtomicInteger recorded = new AtomicInteger();
        LongAdder failed = new LongAdder();
        long begin = System.nanoTime();
        long deadline = begin + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < writers; k++) {
            int writer = k;
            // Platform threads: a blocking socket read on one costs the load generator less than a virtual thread's
            // park and poller wake-up.
            threads.add(Thread.ofPlatform().daemon().name("rest-writer-" + k).start(() -> {
                try (KeepAliveConnection connection = new KeepAliveConnection(host, port)) {
                    for (long n = 0; System.nanoTime() < deadline; n++) {
                        long sent = System.nanoTime();
                        try {
                            apply(connection, space, writer, n);
                            int slot = recorded.getAndIncrement();
                            if (slot < nanos.length) {
                                nanos[slot] = System.nanoTime() - sent;
                            }
                        } catch (IOException | RuntimeException e) {
                            failed.increment();
                        }
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long end = System.nanoTime();
        int count = Math.min(recorded.get(), nanos.length);
        return new Sustained(writers, recorded.get(), (end - begin) / 1e9,
                Latencies.of(nanos, count, failed.intValue()));
    }

    @Override
    public void close() {
        single.close();
    }

    private long apply(KeepAliveConnection connection, String space, int writer, long n) throws IOException {
        DocRequest op = SpaceOps.request(space, writer, n);
        return versionOf(send(connection, op.method(), op.uri(), op.contentType(), op.body()));
    }

    /** Sends a request and reads the whole answer; its {@code Pavel-Version} header, if any, of a 2xx. */
    private static @Nullable Header send(KeepAliveConnection connection, String method, String path,
            @Nullable String contentType, @Nullable String body) throws IOException {
        KeepAliveConnection.Answer answer = connection.send(method, path, contentType, body, DocRequest.VERSION);
        if (answer.status() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.header();
    }

    private static long versionOf(@Nullable Header version) throws IOException {
        if (version == null) {
            throw new IOException("An answer without " + DocRequest.VERSION);
        }
        return Long.parseLong(version.getValue().trim());
    }

    /**
     * What the writers did.
     *
     * @param ops ops applied (2xx answers)
     * @param latencies each op's request-to-response time
     */
    record Sustained(int writers, long ops, double seconds, Latencies latencies) {
        double perSecond() {
            return ops / seconds;
        }

        String fields() {
            return String.format(Locale.ROOT, "writers=%d ops=%d seconds=%.2f perSecond=%.0f %s", writers, ops, seconds,
                    perSecond(), latencies.fields());
        }
    }
}

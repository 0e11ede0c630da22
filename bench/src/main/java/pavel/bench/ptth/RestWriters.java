package pavel.bench.ptth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import pavel.op.DocRequest;

/**
 * REST clients of the document API over HTTP/1.1 keep-alive connections (the JDK {@link HttpClient}: one connection
 * per concurrent request, kept in its pool): single ops for the fan-out, and writers that send ops back to back for
 * the sustained rate. Ops are those of {@link SpaceOps}.
 *
 * <p>Thread-safe.
 */
final class RestWriters {

    private static final int MAX_SAMPLES = 4_000_000;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String origin;

    RestWriters(String host, int port) {
        this.origin = "http://" + host + ":" + port;
    }

    /** The current version of {@code space} ({@code GET /doc/{space}/}). */
    long version(String space) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(origin + "/doc/" + space + "/")).GET());
        return versionOf(response);
    }

    /** Creates {@code space} with {@code html} as its body ({@code PUT /spaces/{space}}). */
    void create(String space, String html) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(origin + "/spaces/" + space))
                .header("Content-Type", DocRequest.HTML)
                .PUT(HttpRequest.BodyPublishers.ofString(html)));
    }

    /**
     * Sends op {@code n} of writer {@code writer} on {@code space}.
     *
     * @return the version it produced ({@code Pavel-Version})
     */
    long apply(String space, int writer, long n) throws IOException, InterruptedException {
        DocRequest op = SpaceOps.request(space, writer, n);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + op.uri()))
                .header("Content-Type", op.contentType())
                .method(op.method(), HttpRequest.BodyPublishers.ofString(op.body()));
        return versionOf(send(request));
    }

    /**
     * {@code writers} threads each sending its ops back to back (one request outstanding per writer) for
     * {@code seconds}.
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
            threads.add(Thread.ofVirtual().name("rest-writer-" + k).start(() -> {
                for (long n = 0; System.nanoTime() < deadline; n++) {
                    long sent = System.nanoTime();
                    try {
                        apply(space, writer, n);
                        int slot = recorded.getAndIncrement();
                        if (slot < nanos.length) {
                            nanos[slot] = System.nanoTime() - sent;
                        }
                    } catch (IOException | RuntimeException e) {
                        failed.increment();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
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

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static long versionOf(HttpResponse<String> response) throws IOException {
        String version = response.headers().firstValue(DocRequest.VERSION).orElseThrow(() -> new IOException(
                response.uri() + " answered without " + DocRequest.VERSION));
        return Long.parseLong(version.trim());
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

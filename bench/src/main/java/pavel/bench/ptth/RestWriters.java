package pavel.bench.ptth;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.http.protocol.HttpProcessor;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.RequestConnControl;
import org.apache.hc.core5.http.protocol.RequestContent;
import org.apache.hc.core5.http.protocol.RequestTargetHost;
import org.apache.hc.core5.io.CloseMode;
import org.jspecify.annotations.Nullable;
import pavel.op.DocRequest;

/**
 * REST clients of the document API over HTTP/1.1 keep-alive connections, each a blocking Apache HttpCore 5 classic
 * connection ({@link DefaultBHttpClientConnection} on a plain {@link Socket}, one request at a time, no pipelining):
 * single ops for the fan-out on one shared connection, and writers that send ops back to back for the sustained
 * rate, each on a connection of its own. Ops are those of {@link SpaceOps}.
 *
 * <p>Thread-safe: the single ops take turns on their connection; each writer's connection is its thread's alone.
 */
final class RestWriters implements Closeable {

    private static final int MAX_SAMPLES = 4_000_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    /** Content-Length, Host and Connection; no {@code Expect: 100-continue}, which would cost a round trip. */
    private static final HttpProcessor PROCESSOR = HttpProcessorBuilder.create()
            .addAll(RequestContent.INSTANCE, RequestTargetHost.INSTANCE, RequestConnControl.INSTANCE)
            .build();

    private final HttpHost target;
    private final HttpRequestExecutor executor = new HttpRequestExecutor();
    private final Connection single = new Connection();

    RestWriters(String host, int port) {
        this.target = new HttpHost(host, port);
    }

    /** The current version of {@code space} ({@code GET /doc/{space}/}). */
    long version(String space) throws IOException {
        return versionOf(single.send(request("GET", "/doc/" + space + "/", null, null)));
    }

    /** Creates {@code space} with {@code html} as its body ({@code PUT /spaces/{space}}). */
    void create(String space, String html) throws IOException {
        single.send(request("PUT", "/spaces/" + space, DocRequest.HTML, html));
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
                try (Connection connection = new Connection()) {
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

    private long apply(Connection connection, String space, int writer, long n) throws IOException {
        DocRequest op = SpaceOps.request(space, writer, n);
        return versionOf(connection.send(request(op.method(), op.uri(), op.contentType(), op.body())));
    }

    private ClassicHttpRequest request(String method, String path, @Nullable String contentType,
            @Nullable String body) {
        ClassicHttpRequest request = new BasicClassicHttpRequest(method, target, path);
        if (body != null && contentType != null) {
            request.setEntity(new StringEntity(body, ContentType.parse(contentType)));
        }
        return request;
    }

    private static long versionOf(@Nullable Header version) throws IOException {
        if (version == null) {
            throw new IOException("An answer without " + DocRequest.VERSION);
        }
        return Long.parseLong(version.getValue().trim());
    }

    /** One keep-alive connection to {@link #target}, opened on first use and again after the server closed it. */
    private final class Connection implements Closeable {

        private @Nullable DefaultBHttpClientConnection http;

        /** Sends {@code request} and reads the whole answer; its {@code Pavel-Version} header, if any, of a 2xx. */
        synchronized @Nullable Header send(ClassicHttpRequest request) throws IOException {
            DefaultBHttpClientConnection connection = open();
            HttpCoreContext context = HttpCoreContext.create();
            int status;
            String body;
            @Nullable Header version;
            try {
                executor.preProcess(request, PROCESSOR, context);
                try (ClassicHttpResponse response = executor.execute(request, connection, context)) {
                    HttpEntity entity = response.getEntity();
                    status = response.getCode();
                    body = entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8);
                    version = response.getFirstHeader(DocRequest.VERSION);
                    if (!executor.keepAlive(request, response, connection, context)) {
                        close();
                    }
                }
            } catch (HttpException e) {
                close();
                throw new IOException(request.getMethod() + " " + request.getRequestUri() + ": " + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
            if (status / 100 != 2) {
                throw new IOException(request.getMethod() + " " + request.getRequestUri() + " answered " + status + ": "
                        + body);
            }
            return version;
        }

        private DefaultBHttpClientConnection open() throws IOException {
            DefaultBHttpClientConnection connection = http;
            if (connection == null || !connection.isOpen()) {
                Socket socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(target.getHostName(), target.getPort()), CONNECT_TIMEOUT_MILLIS);
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                connection = new DefaultBHttpClientConnection(Http1Config.DEFAULT);
                connection.bind(socket);
                http = connection;
            }
            return connection;
        }

        @Override
        public synchronized void close() {
            DefaultBHttpClientConnection connection = http;
            http = null;
            if (connection != null) {
                connection.close(CloseMode.IMMEDIATE);
            }
        }
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

package pavel.bench.objects;

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
import pavel.bench.ptth.Latencies;

/**
 * Casts over HTTP: {@code clients} threads, each on a keep-alive HTTP/1.1 connection of its own (Apache HttpCore 5's
 * blocking {@link DefaultBHttpClientConnection}, as {@code RestWriters} of the spaces benchmark), sending
 * {@code POST /objects/trivial-k} with {@code {"type":"inc"}} back to back, one request outstanding per client,
 * client {@code c} taking the objects {@code c, c + clients, …} in turn. The server answers {@code 202} once the
 * message is in the mailbox; the handler runs later on the object's actor.
 *
 * <p>Thread-safe: each client's connection is its thread's alone.
 */
final class HttpCasts {

    private static final int MAX_SAMPLES = 4_000_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final HttpProcessor PROCESSOR = HttpProcessorBuilder.create()
            .addAll(RequestContent.INSTANCE, RequestTargetHost.INSTANCE, RequestConnControl.INSTANCE)
            .build();

    private final HttpHost target;
    private final HttpRequestExecutor executor = new HttpRequestExecutor();

    HttpCasts(String host, int port) {
        this.target = new HttpHost(host, port);
    }

    /** Casts for {@code seconds} from {@code clients} threads to objects {@code trivial-0 … trivial-(objects-1)}. */
    Sustained sustain(int clients, int objects, int seconds) throws InterruptedException {
        long[] nanos = new long[MAX_SAMPLES];
        AtomicInteger recorded = new AtomicInteger();
        LongAdder failed = new LongAdder();
        long begin = System.nanoTime();
        long deadline = begin + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofPlatform().daemon().name("http-cast-" + c).start(() -> {
                Connection connection = new Connection();
                try {
                    for (int object = client; System.nanoTime() < deadline; ) {
                        long sent = System.nanoTime();
                        try {
                            connection.cast("/objects/trivial-" + object, Behaviours.INC);
                            int slot = recorded.getAndIncrement();
                            if (slot < nanos.length) {
                                nanos[slot] = System.nanoTime() - sent;
                            }
                        } catch (IOException | RuntimeException e) {
                            failed.increment();
                        }
                        object += clients;
                        if (object >= objects) {
                            object = client;
                        }
                    }
                } finally {
                    connection.close();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long end = System.nanoTime();
        int count = Math.min(recorded.get(), nanos.length);
        return new Sustained(clients, recorded.get(), (end - begin) / 1e9,
                Latencies.of(nanos, count, failed.intValue()));
    }

    /** One keep-alive connection, opened on first use and again after the server closed it. Not thread-safe. */
    private final class Connection {

        private DefaultBHttpClientConnection http = new DefaultBHttpClientConnection(Http1Config.DEFAULT);

        /** POSTs {@code json} to {@code path}; fails unless the answer is {@code 202}. */
        void cast(String path, String json) throws IOException {
            ClassicHttpRequest request = new BasicClassicHttpRequest("POST", target, path);
            request.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
            HttpCoreContext context = HttpCoreContext.create();
            int status;
            String body;
            try {
                DefaultBHttpClientConnection connection = open();
                executor.preProcess(request, PROCESSOR, context);
                try (ClassicHttpResponse response = executor.execute(request, connection, context)) {
                    HttpEntity entity = response.getEntity();
                    status = response.getCode();
                    body = entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8);
                    if (!executor.keepAlive(request, response, connection, context)) {
                        close();
                    }
                }
            } catch (HttpException e) {
                close();
                throw new IOException("POST " + path + ": " + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
            if (status != 202) {
                throw new IOException("POST " + path + " answered " + status + ": " + body);
            }
        }

        private DefaultBHttpClientConnection open() throws IOException {
            if (!http.isOpen()) {
                Socket socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(target.getHostName(), target.getPort()), CONNECT_TIMEOUT_MILLIS);
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                http = new DefaultBHttpClientConnection(Http1Config.DEFAULT);
                http.bind(socket);
            }
            return http;
        }

        void close() {
            http.close(CloseMode.IMMEDIATE);
        }
    }

    /**
     * What the clients did.
     *
     * @param casts messages accepted ({@code 202} answers)
     * @param latencies each cast's request-to-answer time
     */
    record Sustained(int clients, long casts, double seconds, Latencies latencies) {
        double perSecond() {
            return casts / seconds;
        }

        String fields() {
            return String.format(Locale.ROOT, "clients=%d casts=%d seconds=%.2f perSecond=%.0f %s", clients, casts,
                    seconds, perSecond(), latencies.fields());
        }
    }
}

package pavel.bench.objects;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import pavel.bench.http.KeepAliveConnection;
import pavel.bench.ptth.Latencies;

/**
 * Casts over HTTP: {@code clients} threads, each on a {@link KeepAliveConnection} of its own (as {@code RestWriters}
 * of the spaces benchmark), sending {@code POST /objects/trivial-k} with {@code {"type":"inc"}} back to back, one
 * request outstanding per client, client {@code c} taking the objects {@code c, c + clients, …} in turn. The server answers {@code 202} once the
 * message is in the mailbox; the handler runs later on the object's actor.
 *
 * <p>Thread-safe: each client's connection is its thread's alone.
 */
final class HttpCasts {

    private static final int MAX_SAMPLES = 4_000_000;

    private final String host;
    private final int port;

    HttpCasts(String host, int port) {
        this.host = host;
        this.port = port;
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
                try (KeepAliveConnection connection = new KeepAliveConnection(host, port)) {
                    for (int object = client; System.nanoTime() < deadline; ) {
                        long sent = System.nanoTime();
                        try {
                            cast(connection, "/objects/trivial-" + object);
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

    /** POSTs {@code {"type":"inc"}} to {@code path}; fails unless the answer is {@code 202}. */
    private static void cast(KeepAliveConnection connection, String path) throws IOException {
        KeepAliveConnection.Answer answer = connection.send("POST", path, "application/json; charset=UTF-8",
                Behaviours.INC, null);
        if (answer.status() != 202) {
            throw new IOException("POST " + path + " answered " + answer.status() + ": " + answer.body());
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

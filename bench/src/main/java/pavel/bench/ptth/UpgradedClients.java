package pavel.bench.ptth;

import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import pavel.desktop.ptth.ConnectionState;
import pavel.desktop.ptth.PtthClient;
import pavel.desktop.ptth.PtthClientConfig;
import pavel.desktop.ptth.ReverseReplies;
import pavel.desktop.ptth.ReverseRouter;

/**
 * Many upgraded connections: one desktop {@link PtthClient} each, configured as the desktop app is (default
 * timers, handlers on virtual threads one at a time per connection), all on one shared event loop group. By default
 * every request is answered {@code 204} at once; or each client gets its own router (e.g. a replica of the spaces it
 * views).
 *
 * <p>Thread-safe; only the public client API is used, so the client's handshake may change underneath.
 */
final class UpgradedClients implements AutoCloseable {

    private final EventLoopGroup group;
    private final URI endpoint;
    private final Supplier<ReverseRouter> routers;
    private final List<String> view;
    private final boolean inline;
    private final List<PtthClient> clients = new ArrayList<>();
    private final LongAdder handled = new LongAdder();

    /** @param inline run the handler on the event loop, not on a virtual thread per request (measurement only) */
    UpgradedClients(EventLoopGroup group, String host, int port, boolean inline) {
        this(group, host, port, List.of(), null, inline);
    }

    /**
     * Clients with their own router each, viewing {@code view} ({@code Pavel-View}); handlers on virtual threads.
     *
     * @param routers makes the router of each new client
     */
    UpgradedClients(EventLoopGroup group, String host, int port, List<String> view, Supplier<ReverseRouter> routers) {
        this(group, host, port, view, routers, false);
    }

    private UpgradedClients(EventLoopGroup group, String host, int port, List<String> view,
            @Nullable Supplier<ReverseRouter> routers, boolean inline) {
        this.group = group;
        this.inline = inline;
        this.endpoint = URI.create("http://" + host + ":" + port + "/ptth");
        this.view = List.copyOf(view);
        if (routers == null) {
            ReverseRouter answerAll = ReverseRouter.builder()
                    .on("PUT", "/**", request -> {
                        handled.increment();
                        return ReverseReplies.noContent(request);
                    })
                    .build();
            this.routers = () -> answerAll;
        } else {
            this.routers = routers;
        }
    }

    /**
     * Starts {@code count} more clients, {@code batch} at a time, and waits until all of them are upgraded, at
     * most {@code timeoutMillis} in all.
     *
     * @return the number of clients upgraded now
     */
    synchronized int open(int count, int batch, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int target = clients.size() + count;
        while (clients.size() < target && System.nanoTime() < deadline) {
            int now = Math.min(batch, target - clients.size());
            for (int i = 0; i < now; i++) {
                PtthClientConfig.Builder config = PtthClientConfig.newBuilder(endpoint);
                if (!view.isEmpty()) {
                    config.viewSpaces(view);
                }
                if (inline) {
                    config.handlerExecutor(Runnable::run);
                }
                PtthClient client = new PtthClient(config.build(), routers.get(), event -> { }, group);
                clients.add(client);
                client.connect();
            }
            while (upgraded() < clients.size() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        return upgraded();
    }

    /** Clients that are upgraded now. */
    synchronized int upgraded() {
        int n = 0;
        for (PtthClient client : clients) {
            n += client.state() == ConnectionState.UPGRADED ? 1 : 0;
        }
        return n;
    }

    /** Reverse requests handled so far by the default router. */
    long handled() {
        return handled.sum();
    }

    @Override
    public synchronized void close() {
        clients.forEach(PtthClient::close);
        clients.clear();
    }
}

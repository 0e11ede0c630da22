package pavel.server.session;

import java.util.concurrent.CompletableFuture;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;

/**
 * One reverse request and the future of its response, as it moves from a session's queue to a carrier.
 * Thread-safe: completes at most once, whoever gets there first.
 */
public final class Exchange {

    private final ReverseRequest request;
    private final CompletableFuture<ReverseResponse> future;
    private final long bytes;
    private final PtthMetrics metrics;
    private volatile boolean dispatched;

    Exchange(ReverseRequest request, CompletableFuture<ReverseResponse> future, PtthMetrics metrics) {
        this.request = request;
        this.future = future;
        this.metrics = metrics;
        this.bytes = sizeOf(request);
    }

    /** An exchange outside any session queue, e.g. a heartbeat; its future is the one returned here. */
    public static Exchange standalone(ReverseRequest request, PtthMetrics metrics) {
        return new Exchange(request, new CompletableFuture<>(), metrics);
    }

    /** The request. */
    public ReverseRequest request() {
        return request;
    }

    /** The future the sender holds. */
    public CompletableFuture<ReverseResponse> future() {
        return future;
    }

    /** Whether a response or a failure has completed it. */
    public boolean isDone() {
        return future.isDone();
    }

    /** Completes it with the client's response; false if it was already done (a late answer). */
    public boolean complete(ReverseResponse response) {
        boolean first = future.complete(response);
        if (first) {
            leaveFlight();
            metrics.completed(response.status());
        }
        return first;
    }

    /** Fails it; false if it was already done. */
    public boolean fail(ExchangeFailedException failure) {
        boolean first = future.completeExceptionally(failure);
        if (first) {
            leaveFlight();
            metrics.recordFailure();
        }
        return first;
    }

    long bytes() {
        return bytes;
    }

    void dispatch() {
        dispatched = true;
        metrics.inFlight(1);
    }

    void undispatch() {
        leaveFlight();
    }

    private void leaveFlight() {
        if (dispatched) {
            dispatched = false;
            metrics.inFlight(-1);
        }
    }

    private static long sizeOf(ReverseRequest request) {
        long size = request.method().length() + request.uri().length() + utf8Length(request.body()) + 16;
        for (var header : request.headers()) {
            size += header.name().length() + utf8Length(header.value()) + 4;
        }
        return size;
    }

    private static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            length += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return length;
    }

    @Override
    public String toString() {
        return request.method() + " " + request.uri() + " (" + request.messageId() + ")";
    }
}

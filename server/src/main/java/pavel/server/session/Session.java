package pavel.server.session;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.ptth.PtthConfig;

/**
 * One connected client of one user, independent of the connections and polls that carry its reverse requests: a
 * desktop app whose socket dropped or a browser tab that reloaded resumes it with {@code Pavel-Session}.
 *
 * <p>Holds a bounded queue of undelivered requests ({@link PtthConfig#maxQueuedRequests()} or
 * {@link PtthConfig#maxQueuedBytes()}); overflow fails the whole backlog at once and raises the registry's
 * resync signal, so a slow client never holds memory or anyone's thread. Upgraded connections ({@link Carrier}s)
 * {@link #take} requests; long polls {@link #poll} them and answer by message id.
 *
 * <p>A held long poll is a future the session completes, not a waiting thread: ten thousand browsers polling cost
 * ten thousand small objects, and a request sent to one of them is handed to its poll on the sender's thread.
 *
 * <p>Thread-safe: one lock guards the queue, and nothing blocks under it; futures complete outside it.
 */
public final class Session implements ReverseChannel {

    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final String id;
    private final String queueKey;
    private final String user;
    private final Instant since;
    private final PtthConfig config;
    private final PtthMetrics metrics;
    private final Consumer<Session> resync;
    private final ScheduledExecutorService timer;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Exchange> pending = new ArrayDeque<>();
    private final Map<String, Awaiting> awaiting = new LinkedHashMap<>();
    private final List<Carrier> carriers = new ArrayList<>();
    /** Carriers replaced by a newer connection that have not detached yet; nothing is taken until they have. */
    private final List<Carrier> retiring = new ArrayList<>();
    private volatile Flavour flavour;
    private volatile List<String> spaces;
    private long pendingBytes;
    private @Nullable HeldPoll held;
    private long lastActive = System.nanoTime();
    private boolean closed;

    /** @param timer ends held polls when their hold time runs out */
    Session(String id, String queueKey, String user, Flavour flavour, List<String> spaces, PtthConfig config,
            PtthMetrics metrics, Consumer<Session> resync, ScheduledExecutorService timer) {
        this.id = id;
        this.queueKey = queueKey;
        this.user = user;
        this.flavour = flavour;
        this.spaces = List.copyOf(spaces);
        this.config = config;
        this.metrics = metrics;
        this.resync = resync;
        this.timer = timer;
        this.since = Instant.now();
    }

    /** The id a client resumes with ({@code Pavel-Session}); 128 random bits, base64url. */
    public String id() {
        return id;
    }

    /** The user it belongs to. */
    public String user() {
        return user;
    }

    /** How it is carried now; changes when a long-poll session upgrades or the reverse. */
    public Flavour flavour() {
        return flavour;
    }

    /** When it was created. */
    public Instant since() {
        return since;
    }

    /** The spaces it views ({@code Pavel-View}); {@code main} by default. */
    public List<String> spaces() {
        return spaces;
    }

    /** Changes the spaces it views. */
    void view(List<String> newSpaces) {
        spaces = List.copyOf(newSpaces);
    }

    /** Its long-poll queue URI: a capability, never log it. */
    public String queueUri() {
        return "/ptth/q/" + queueKey;
    }

    String queueKey() {
        return queueKey;
    }

    void flavour(Flavour newFlavour) {
        flavour = Objects.requireNonNull(newFlavour, "flavour");
    }

    @Override
    public CompletableFuture<ReverseResponse> send(ReverseRequest request) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<ReverseResponse> future = new CompletableFuture<>();
        Exchange exchange = new Exchange(request, future, metrics);
        List<Exchange> dropped = List.of();
        List<Carrier> toWake;
        Handout handout = null;
        lock.lock();
        try {
            if (closed) {
                exchange.fail(new ExchangeFailedException(ExchangeFailedException.Reason.SESSION_CLOSED,
                        "Session " + id + " is closed."));
                return future;
            }
            if (pending.size() >= config.maxQueuedRequests()
                    || pendingBytes + exchange.bytes() > config.maxQueuedBytes()) {
                dropped = new ArrayList<>(pending);
                dropped.add(exchange);
                pending.clear();
                pendingBytes = 0;
                toWake = List.of();
            } else {
                pending.add(exchange);
                pendingBytes += exchange.bytes();
                handout = serveHeldPollLocked();
                toWake = List.copyOf(carriers);
            }
        } finally {
            lock.unlock();
        }
        if (!dropped.isEmpty()) {
            overflow(dropped);
        }
        if (handout != null) {
            deliver(handout);
        }
        toWake.forEach(Carrier::wake);
        return future;
    }

    private void overflow(List<Exchange> dropped) {
        log.info("Session {} fell behind by {} requests; dropping its backlog for a resync", id, dropped.size());
        metrics.dropped(dropped.size());
        ExchangeFailedException failure = new ExchangeFailedException(ExchangeFailedException.Reason.OVERFLOW,
                "Session " + id + " fell behind; its backlog was dropped for a resync.");
        dropped.forEach(exchange -> exchange.fail(failure));
        resync.accept(this);
    }

    /**
     * Up to {@code max} waiting requests, oldest first, for a carrier to send; never blocks for long.
     *
     * @return maybe empty, never null
     */
    public List<Exchange> take(int max) {
        lock.lock();
        try {
            return takeLocked(max);
        } finally {
            lock.unlock();
        }
    }

    private List<Exchange> takeLocked(int max) {
        if (!retiring.isEmpty()) {
            return List.of(); // the retiring connection's unanswered requests go first, once it has re-queued them
        }
        List<Exchange> taken = new ArrayList<>(Math.min(max, pending.size()));
        while (taken.size() < max && !pending.isEmpty()) {
            Exchange next = pending.poll();
            pendingBytes -= next.bytes();
            if (!next.isDone()) {
                next.dispatch();
                taken.add(next);
            }
        }
        return taken;
    }

    /**
     * Puts requests that a lost connection sent but never saw answered back at the head of the queue, in their
     * order, for the next connection (every Pavel request is safe to repeat, PTTH.md §0).
     */
    public void requeue(List<Exchange> unanswered) {
        List<Carrier> toWake;
        Handout handout;
        lock.lock();
        try {
            for (int i = unanswered.size() - 1; i >= 0; i--) {
                Exchange exchange = unanswered.get(i);
                exchange.undispatch();
                if (!exchange.isDone() && !closed) {
                    pending.addFirst(exchange);
                    pendingBytes += exchange.bytes();
                }
            }
            handout = serveHeldPollLocked();
            toWake = List.copyOf(carriers);
        } finally {
            lock.unlock();
        }
        if (closed) {
            unanswered.forEach(exchange -> exchange.fail(closedFailure()));
        }
        if (handout != null) {
            deliver(handout);
        }
        toWake.forEach(Carrier::wake);
    }

    /**
     * Adds an upgraded connection; the session is from now on of the upgrade flavour.
     *
     * @return false if the session is closed or already has {@link PtthConfig#maxConnectionsPerSession()}
     */
    public boolean attach(Carrier carrier) {
        lock.lock();
        try {
            if (closed || carriers.size() - retiring.size() >= config.maxConnectionsPerSession()) {
                return false;
            }
            carriers.add(carrier);
            flavour = Flavour.UPGRADE;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a connection that closed; the session lives on for {@link PtthConfig#queueExpiry()}. */
    public void detach(Carrier carrier) {
        List<Carrier> toWake = List.of();
        Handout handout = null;
        lock.lock();
        try {
            carriers.remove(carrier);
            if (retiring.remove(carrier) && retiring.isEmpty()) {
                toWake = List.copyOf(carriers);
                handout = serveHeldPollLocked();
            }
            lastActive = System.nanoTime();
        } finally {
            lock.unlock();
        }
        if (handout != null) {
            deliver(handout);
        }
        toWake.forEach(Carrier::wake);
    }

    /**
     * Retires every connection this session has, for a newer one of the same client (a desktop app that
     * reconnected before the server noticed its old socket was gone). Until they have detached, with their
     * unanswered requests back at the head of the queue, nothing more is taken, so order holds.
     */
    public void retireConnections() {
        List<Carrier> toRetire;
        lock.lock();
        try {
            toRetire = new ArrayList<>(carriers);
            toRetire.removeAll(retiring);
            retiring.addAll(toRetire);
        } finally {
            lock.unlock();
        }
        toRetire.forEach(Carrier::retire);
    }

    /** Whether an upgraded connection carries it now. */
    public boolean hasConnection() {
        lock.lock();
        try {
            return !carriers.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A long poll: makes the session a long-poll one again unless an upgraded connection still carries it,
     * completes the poll held before (which then answers {@code {}}), and holds this one up to
     * {@link PtthConfig#hold()} until there are requests, of which it takes up to {@code max}. Never blocks.
     *
     * @return completes with the requests to put in the answer, oldest first; with none if the hold time ran
     *     out, a newer poll arrived, the server is stopping or the session closed
     */
    public CompletableFuture<List<ReverseRequest>> poll(int max) {
        CompletableFuture<List<ReverseRequest>> answer = new CompletableFuture<>();
        HeldPoll poll = new HeldPoll(max, answer);
        HeldPoll previous;
        Handout handout = null;
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.completedFuture(List.of());
            }
            if (carriers.isEmpty()) {
                flavour = Flavour.LONG_POLL; // back from an upgraded socket to polling
            }
            lastActive = System.nanoTime();
            previous = held;
            held = poll;
            if (!pending.isEmpty() && retiring.isEmpty()) {
                handout = serveHeldPollLocked();
            } else {
                try {
                    poll.expiry = timer.schedule(() -> expire(poll), config.hold().toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    held = null; // the server is stopping
                    handout = new Handout(poll, List.of(), List.of());
                }
            }
        } finally {
            lock.unlock();
        }
        if (previous != null) {
            previous.release();
        }
        if (handout != null) {
            deliver(handout);
        }
        answer.whenComplete((requests, failure) -> {
            if (answer.isCancelled()) {
                abandon(poll);
            }
        });
        return answer;
    }

    /** The held poll's connection closed: what comes next waits for the client's next poll. */
    private void abandon(HeldPoll poll) {
        letGo(poll);
        poll.stopTimer();
    }

    /** Stops holding {@code poll}; false if it is not held any more (taken, ended or replaced meanwhile). */
    private boolean letGo(HeldPoll poll) {
        lock.lock();
        try {
            if (held != poll) {
                return false;
            }
            held = null;
            lastActive = System.nanoTime();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Completes a held poll with what was taken for it; if its connection closed first, the requests go back to
     * the head of the queue for the next poll, as a lost upgraded connection's do.
     */
    private void deliver(Handout handout) {
        if (!handout.poll().complete(handout.requests()) && !handout.exchanges().isEmpty()) {
            lock.lock();
            try {
                handout.requests().forEach(request -> awaiting.remove(request.messageId()));
            } finally {
                lock.unlock();
            }
            requeue(handout.exchanges());
        }
    }

    /**
     * Hands the waiting requests to the held poll, if there is one and nothing holds them back; the caller
     * delivers the result once it has let go of the lock.
     */
    private @Nullable Handout serveHeldPollLocked() {
        HeldPoll poll = held;
        if (poll == null || pending.isEmpty() || !retiring.isEmpty()) {
            return null; // the retiring connection's unanswered requests go first, once it has re-queued them
        }
        held = null;
        lastActive = System.nanoTime();
        long deadline = System.nanoTime() + config.responseTimeout().toNanos();
        List<Exchange> exchanges = takeLocked(poll.max);
        List<ReverseRequest> requests = new ArrayList<>(exchanges.size());
        for (Exchange exchange : exchanges) {
            awaiting.put(exchange.request().messageId(), new Awaiting(exchange, deadline));
            requests.add(exchange.request());
        }
        return new Handout(poll, exchanges, requests);
    }

    /** The hold time of {@code poll} ran out: it answers with nothing, unless something was handed to it already. */
    private void expire(HeldPoll poll) {
        if (letGo(poll)) {
            poll.release();
        }
    }

    /**
     * Ends a held poll now, answered with nothing, as a newer poll would: the server is stopping and the poll's
     * connection should drain instead of holding on until the grace period runs out. The session stays.
     */
    public void releasePoll() {
        HeldPoll poll;
        lock.lock();
        try {
            poll = held;
            held = null;
        } finally {
            lock.unlock();
        }
        if (poll != null) {
            poll.release();
        }
    }

    /**
     * Completes the exchange a long-poll answer names.
     *
     * @return false if the message id is unknown, expired or already answered: the answer is discarded
     */
    public boolean answer(ReverseResponse response) {
        Awaiting answered;
        lock.lock();
        try {
            answered = awaiting.remove(response.messageId());
            lastActive = System.nanoTime();
        } finally {
            lock.unlock();
        }
        if (answered == null || !answered.exchange().complete(response)) {
            log.debug("Session {}: discarding an answer to unknown or finished message {}", id, response.messageId());
            return false;
        }
        return true;
    }

    /** Whether a long poll is held now, waiting for requests. */
    public boolean isPolling() {
        lock.lock();
        try {
            return held != null;
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting for a connection or a poll. */
    public int queueDepth() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fails long-poll exchanges unanswered for {@code T_resp} and tells whether the session has been without
     * connection and poll for {@link PtthConfig#queueExpiry()}.
     */
    boolean sweep(long now) {
        List<Exchange> overdue = new ArrayList<>();
        boolean expired;
        lock.lock();
        try {
            for (Iterator<Awaiting> it = awaiting.values().iterator(); it.hasNext(); ) {
                Awaiting waiting = it.next();
                if (now - waiting.deadline() >= 0 || waiting.exchange().isDone()) {
                    it.remove();
                    overdue.add(waiting.exchange());
                }
            }
            expired = carriers.isEmpty() && held == null && now - lastActive >= config.queueExpiry().toNanos();
        } finally {
            lock.unlock();
        }
        ExchangeFailedException timeout = new ExchangeFailedException(ExchangeFailedException.Reason.TIMEOUT,
                "No answer within " + config.responseTimeout().toMillis() + " ms.");
        overdue.forEach(exchange -> exchange.fail(timeout));
        return expired;
    }

    /** Fails everything waiting, wakes a held poll and refuses further requests. */
    void close() {
        List<Exchange> left = new ArrayList<>();
        HeldPoll poll;
        lock.lock();
        try {
            closed = true;
            left.addAll(pending);
            pending.clear();
            pendingBytes = 0;
            awaiting.values().forEach(waiting -> left.add(waiting.exchange()));
            awaiting.clear();
            poll = held;
            held = null;
        } finally {
            lock.unlock();
        }
        if (poll != null) {
            poll.release();
        }
        left.forEach(exchange -> exchange.fail(closedFailure()));
    }

    /** Whether it expired or the server stopped. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private ExchangeFailedException closedFailure() {
        return new ExchangeFailedException(ExchangeFailedException.Reason.SESSION_CLOSED, "Session " + id + " is closed.");
    }

    @Override
    public String toString() {
        return "Session[" + id + ", " + flavour.wireName() + ", " + user + "]";
    }

    /** A request handed to a poll, waiting for its answer until {@code deadline} (nanoTime). */
    private record Awaiting(Exchange exchange, long deadline) {}

    /**
     * A long poll waiting for requests. Whoever takes it out of {@link #held}, under the lock, is the one to
     * complete it, so requests are never handed to a poll that already answered with nothing.
     */
    private static final class HeldPoll {
        final int max;
        final CompletableFuture<List<ReverseRequest>> answer;
        /** Its hold timer; set under the lock before anyone else can take the poll. */
        @Nullable ScheduledFuture<?> expiry;

        HeldPoll(int max, CompletableFuture<List<ReverseRequest>> answer) {
            this.max = max;
            this.answer = answer;
        }

        /** Answers it with nothing. */
        void release() {
            complete(List.of());
        }

        /** Answers it; false if it was cancelled before (its connection closed). */
        boolean complete(List<ReverseRequest> requests) {
            stopTimer();
            return answer.complete(requests);
        }

        void stopTimer() {
            ScheduledFuture<?> timer = expiry;
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    /** Requests taken for a held poll under the lock, delivered to it after. */
    private record Handout(HeldPoll poll, List<Exchange> exchanges, List<ReverseRequest> requests) {}
}

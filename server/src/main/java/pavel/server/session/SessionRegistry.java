package pavel.server.session;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.server.ptth.PtthConfig;

/**
 * Every live {@link Session}: creates them, finds them by id ({@code Pavel-Session}) or queue key, and expires
 * them {@link PtthConfig#queueExpiry()} after their last connection or poll. Raises the "needs resync" signal of
 * a session whose queue overflowed to the listeners of {@link #onNeedsResync}.
 *
 * <pre>{@code
 * registry.onNeedsResync(session -> spaces.resync(session));   // the layer above
 * Session session = registry.find(id);
 * session.send(request).thenAccept(response -> ...);
 * }</pre>
 *
 * <p>Thread-safe. A daemon thread sweeps timed-out long-poll exchanges and expired sessions and ends held polls
 * whose hold time ran out; {@link #close()} stops it and fails everything still queued.
 */
public final class SessionRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int EXPIRED_KEYS_REMEMBERED = 10_000;

    private final PtthConfig config;
    private final PtthMetrics metrics = new PtthMetrics();
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Map<String, Session> byQueueKey = new ConcurrentHashMap<>();
    private final Map<String, Long> expiredKeys = new ConcurrentHashMap<>();
    private final List<Consumer<Session>> resyncListeners = new CopyOnWriteArrayList<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService sweeper;

    /** @param config the timers and limits every session uses */
    public SessionRegistry(PtthConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform()
                .name("pavel-ptth-sweeper").daemon(true).factory());
        timers.setRemoveOnCancelPolicy(true); // most held polls end early; their hold timers should not pile up
        this.sweeper = timers;
        long period = Math.clamp(Math.min(config.responseTimeout().toMillis(), config.queueExpiry().toMillis()) / 4,
                10, 1000);
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** The timers and limits. */
    public PtthConfig config() {
        return config;
    }

    /** The traffic counters. */
    public PtthMetrics metrics() {
        return metrics;
    }

    /** Adds a listener for sessions whose backlog was dropped and that need a full resync. Runs on the sender's thread. */
    public void onNeedsResync(Consumer<Session> listener) {
        resyncListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Adds a listener for sessions that open, resume, change their view or close. */
    public void addListener(SessionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** A new session with a fresh id and queue key. */
    public Session create(String user, Flavour flavour, List<String> spaces) {
        return create(user, flavour, spaces, null);
    }

    /**
     * A new session with a fresh id and queue key; the listeners hear that it {@linkplain SessionListener#joined
     * joined}.
     *
     * @param versions the client's {@code Pavel-Version} header (what its replicas hold), or null
     */
    public Session create(String user, Flavour flavour, List<String> spaces, @Nullable String versions) {
        Session session = new Session(randomId(), randomId(), user, flavour, spaces, config, metrics, this::needsResync,
                sweeper);
        byId.put(session.id(), session);
        byQueueKey.put(session.queueKey(), session);
        log.debug("Opened {} (queue {})", session, hint(session.queueKey()));
        tell(listener -> listener.joined(session, false, versions), session);
        return session;
    }

    /**
     * A client took up its session again ({@code Pavel-Session} on a new poll or connection).
     *
     * @param view the spaces it now views, or null to keep them
     * @param versions its {@code Pavel-Version} header, or null when it holds no replica
     */
    public void resume(Session session, @Nullable List<String> view, @Nullable String versions) {
        if (view != null && !view.equals(session.spaces())) {
            changeView(session, view);
        }
        tell(listener -> listener.joined(session, true, versions), session);
    }

    /** Changes the spaces a session views and tells the listeners. */
    public void changeView(Session session, List<String> spaces) {
        List<String> before = session.spaces();
        session.view(spaces);
        tell(listener -> listener.viewChanged(session, before), session);
    }

    private void tell(Consumer<SessionListener> event, Session session) {
        for (SessionListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                log.error("Session listener failed for {}", session, e);
            }
        }
    }

    /** The live session with this id, or null. */
    public @Nullable Session find(String id) {
        Session session = byId.get(id);
        return session == null || session.isClosed() ? null : session;
    }

    /** The live session whose queue key this is, or null. */
    public @Nullable Session findByQueueKey(String key) {
        Session session = byQueueKey.get(key);
        return session == null || session.isClosed() ? null : session;
    }

    /** Whether this queue key belonged to a session that expired recently (then {@code 410}, not {@code 404}). */
    public boolean expired(String key) {
        return expiredKeys.containsKey(key);
    }

    /** Every live session. */
    public Collection<Session> sessions() {
        return List.copyOf(byId.values());
    }

    /** Sessions by flavour, queue depth and in-flight count, for {@code /metrics}. */
    public Snapshot snapshot() {
        Map<Flavour, Integer> flavours = new EnumMap<>(Flavour.class);
        long depth = 0;
        for (Session session : byId.values()) {
            flavours.merge(session.flavour(), 1, Integer::sum);
            depth += session.queueDepth();
        }
        return new Snapshot(Map.copyOf(flavours), depth, metrics.inFlight(), metrics.completed(), metrics.failed());
    }

    /** Fails overdue long-poll exchanges and expires idle sessions; the sweeper calls it, tests may too. */
    public void sweep() {
        long now = System.nanoTime();
        try {
            for (Session session : byId.values()) {
                if (session.sweep(now)) {
                    remove(session, now);
                }
            }
            if (expiredKeys.size() > EXPIRED_KEYS_REMEMBERED) {
                expiredKeys.clear();
            }
        } catch (RuntimeException e) {
            log.error("Session sweep failed", e);
        }
    }

    private void remove(Session session, long now) {
        byId.remove(session.id());
        byQueueKey.remove(session.queueKey());
        expiredKeys.put(session.queueKey(), now);
        session.close();
        tell(listener -> listener.closed(session), session);
        log.debug("Expired {}", session);
    }

    private void needsResync(Session session) {
        for (Consumer<Session> listener : resyncListeners) {
            try {
                listener.accept(session);
            } catch (RuntimeException e) {
                log.error("Resync listener failed for {}", session, e);
            }
        }
    }

    /** Stops the sweeper and closes every session. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        long now = System.nanoTime();
        byId.values().forEach(session -> remove(session, now));
    }

    /** 128 random bits, base64url without padding: 22 characters. */
    static String randomId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A queue key shortened for logs: the key is a capability and is never logged in full. */
    public static String hint(String key) {
        return key.length() <= 4 ? "…" : key.substring(0, 4) + "…";
    }

    /**
     * Gauges at one moment.
     *
     * @param sessions live sessions by flavour
     * @param queueDepth requests waiting in all queues
     * @param inFlight requests sent and not yet answered
     * @param completed exchanges answered so far
     * @param failed exchanges failed so far
     */
    public record Snapshot(Map<Flavour, Integer> sessions, long queueDepth, long inFlight, long completed,
            long failed) {}
}

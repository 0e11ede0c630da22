package pavel.server.space;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.model.Document;
import pavel.model.DocumentException;
import pavel.op.DocRequest;
import pavel.op.Op;
import pavel.path.NodePath;
import pavel.server.session.Session;
import pavel.server.session.SessionListener;
import pavel.server.session.SessionRegistry;
import pavel.server.store.SpaceStore;
import pavel.server.store.StoreException;

/**
 * Every space of the world ({@code main} always exists), and which sessions view which: a session that opens,
 * resumes or changes its view joins the spaces it names; one that closes leaves them.
 *
 * <pre>{@code
 * Spaces spaces = new Spaces(new MemorySpaceStore(10_000), sessions, SpaceConfig.DEFAULTS);
 * spaces.require("main").apply(op, null);
 * }</pre>
 *
 * <p>Thread-safe. Owns two threads: the replica checker (a daemon) and the virtual threads that resync sessions;
 * {@link #close()} stops them.
 */
public final class Spaces implements SessionListener, AutoCloseable {

    /** The space that always exists. */
    public static final String MAIN = "main";

    private static final Logger log = LoggerFactory.getLogger(Spaces.class);

    private final SpaceStore store;
    private final SessionRegistry sessions;
    private final SpaceConfig config;
    private final SpaceMetrics metrics = new SpaceMetrics();
    private final Map<String, Space> spaces = new ConcurrentHashMap<>();
    private final List<SpaceChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService recovery = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("pavel-resync-", 0).factory());
    private final ScheduledExecutorService checker;

    /** Loads the stored spaces, creates {@code main} if missing and starts following {@code sessions}. */
    public Spaces(SpaceStore store, SessionRegistry sessions, SpaceConfig config) {
        this.store = Objects.requireNonNull(store, "store");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.config = Objects.requireNonNull(config, "config");
        store.load().forEach((name, document) -> spaces.put(name, space(name, document)));
        if (!spaces.containsKey(MAIN)) {
            Document empty = new Document();
            StoreException.await(store.create(MAIN, empty));
            spaces.put(MAIN, space(MAIN, empty));
        }
        sessions.addListener(this);
        checker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("pavel-replica-check").daemon(true).factory());
        long period = config.replicaCheckInterval().toMillis();
        checker.scheduleWithFixedDelay(this::checkReplicas, period, period, TimeUnit.MILLISECONDS);
    }

    /** The counters. */
    public SpaceMetrics metrics() {
        return metrics;
    }

    /** The space of that name, or null. */
    public @Nullable Space find(String name) {
        return spaces.get(name);
    }

    /**
     * The space of that name.
     *
     * @throws DocumentException (404) when there is none
     */
    public Space require(String name) {
        Space space = spaces.get(name);
        if (space == null) {
            throw new DocumentException(404, "There is no space " + name + "; PUT /spaces/" + name
                    + " creates it.");
        }
        return space;
    }

    /** Every space, by name. */
    public List<Space> list() {
        List<Space> all = new ArrayList<>(spaces.values());
        all.sort(Comparator.comparing(Space::name));
        return all;
    }

    /**
     * Creates a space, or replaces the content of an existing one when {@code html} is given.
     *
     * @param html its initial {@code <body>} content, or null for an empty one (or to leave an existing one as is)
     * @return true when it was created
     * @throws DocumentException (400) for a bad name, (422) for a refused fragment; nothing changed
     * @throws StoreException when the store could not keep it; nothing changed
     */
    public synchronized boolean create(String name, @Nullable String html) {
        if (!DocRequest.isSpaceName(name)) {
            throw new DocumentException(400, "'" + name + "' is not a space name: a letter or digit, then up to 63"
                    + " letters, digits, '.', '_' or '-'.");
        }
        Space existing = spaces.get(name);
        if (existing != null) {
            if (html != null) {
                existing.apply(new Op.Replace(NodePath.ROOT, html), null);
            }
            return false;
        }
        Document document = html == null ? new Document() : Document.parse(html);
        StoreException.await(store.create(name, document.copy()));
        Space space = space(name, document);
        spaces.put(name, space);
        for (Session session : sessions.sessions()) {
            if (session.spaces().contains(name)) {
                space.join(session, null);
            }
        }
        log.info("Created space {}", name);
        return true;
    }

    /**
     * Deletes a space; its viewers stop getting its ops.
     *
     * @throws DocumentException (404) when there is none, (409) for {@code main}
     */
    public synchronized void delete(String name) {
        if (name.equals(MAIN)) {
            throw new DocumentException(409, "The space main always exists; it cannot be deleted.");
        }
        Space space = require(name);
        StoreException.await(store.delete(name));
        spaces.remove(name);
        space.delete();
        log.info("Deleted space {}", name);
    }

    /** Asks every viewing session for its replica's hash now; the checker does it every interval. */
    public void checkReplicas() {
        try {
            spaces.values().forEach(Space::checkReplicas);
        } catch (RuntimeException e) {
            log.error("Replica check failed", e);
        }
    }

    @Override
    public void joined(Session session, boolean resumed, @Nullable String versions) {
        Map<String, Long> held = ReplicaVersions.parse(versions, session.spaces());
        for (String name : session.spaces()) {
            Space space = spaces.get(name);
            if (space != null) {
                space.join(session, held.get(name));
            }
        }
    }

    @Override
    public void viewChanged(Session session, List<String> before) {
        Set<String> now = new HashSet<>(session.spaces());
        for (String name : before) {
            Space space = spaces.get(name);
            if (space != null && !now.contains(name)) {
                space.leave(session);
            }
        }
        for (String name : session.spaces()) {
            Space space = spaces.get(name);
            if (space != null && !before.contains(name)) {
                space.join(session, null);
            }
        }
    }

    @Override
    public void closed(Session session) {
        spaces.values().forEach(space -> space.leave(session));
    }

    /** Adds a listener that hears every change applied to any space from now on. */
    public void addChangeListener(SpaceChangeListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops the replica checks and the resyncs. */
    @Override
    public void close() {
        checker.shutdownNow();
        recovery.shutdownNow();
    }

    private Space space(String name, Document document) {
        return new Space(name, document, store, config, metrics, recovery, listeners);
    }
}

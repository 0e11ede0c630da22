package pavel.server.space;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.model.Document;
import pavel.model.DocumentException;
import pavel.model.Element;
import pavel.model.Node;
import pavel.op.DocRequest;
import pavel.op.Op;
import pavel.op.OpRecord;
import pavel.op.Placement;
import pavel.path.Match;
import pavel.path.NodePath;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.session.Session;
import pavel.server.store.SpaceStore;
import pavel.server.store.StoreException;

/**
 * One shared document and its one writer: ops are applied in order under one lock, each gets the next version and
 * is logged in the store; once the store has made it durable it is sent to every viewing session, in version order
 * (so each session's queue holds them in that order, and no client ever sees a change a crash could take back). A
 * session that answers an op with anything but {@code 2xx}, or whose queue overflowed, gets the whole document again;
 * the others never wait for it. A change the store could not keep takes the space back to its durable version.
 *
 * <pre>{@code
 * Space.Change change = space.apply(new Op.Insert(NodePath.parse("/body"), Placement.APPEND, "<p>hi</p>"), null);
 * change.record().version();                           // n + 1, durable; every viewer gets POST /doc/main/body
 * space.read(doc -> doc.hashHex());
 * }</pre>
 *
 * <p>Thread-safe. Nothing blocks under the lock: logging an op and sending to a session only queue.
 */
public final class Space {

    private static final Logger log = LoggerFactory.getLogger(Space.class);

    private final String name;
    private final SpaceStore store;
    private final SpaceConfig config;
    private final SpaceMetrics metrics;
    private final Executor recovery;
    private final List<SpaceChangeListener> listeners;
    private final ReentrantLock writer = new ReentrantLock();
    private final Map<Session, Viewer> viewers = new LinkedHashMap<>();
    /** What waits for the store to make a version durable before it may reach the viewers, in version order. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private Document document;
    private boolean deleted;
    /** The highest version the store has made durable (and the viewers may have). */
    private long durable;
    /** Bumped when the space goes back to its durable version: outcomes of writes from before then are moot. */
    private long epoch;
    /** A write failed and the space is going back to its durable version; changes wait until it has. */
    private boolean recovering;
    /** The version of the last snapshot asked for, and whether one is being kept now. */
    private long snapshotAt;
    private boolean snapshotting;

    Space(String name, Document document, SpaceStore store, SpaceConfig config, SpaceMetrics metrics,
            Executor recovery, List<SpaceChangeListener> listeners) {
        this.name = name;
        this.listeners = listeners;
        this.document = document;
        this.durable = document.version();
        this.snapshotAt = document.version();
        this.store = store;
        this.config = config;
        this.metrics = metrics;
        this.recovery = recovery;
    }

    /** Its name, as in {@code /doc/{name}}. */
    public String name() {
        return name;
    }

    /** Its current version. */
    public long version() {
        return read(Document::version);
    }

    /**
     * Runs {@code reader} on the document with no change in between. The reader must not keep the document or
     * anything in it.
     *
     * @throws DocumentException (404) when the space was deleted
     */
    public <T> T read(Function<Document, T> reader) {
        writer.lock();
        try {
            requireLive();
            return reader.apply(document);
        } finally {
            writer.unlock();
        }
    }

    /**
     * What a path selects, as {@code GET /doc/{space}{path}} answers it: the outer HTML of every element selected, or
     * the values of the attributes (one per line) or texts.
     *
     * @throws DocumentException (404) when it selects nothing or the space was deleted
     */
    public String get(NodePath path) {
        return read(document -> {
            List<Match> matches = path.select(document);
            if (matches.isEmpty()) {
                throw new DocumentException(404, "No node matches " + path + " in the space " + name
                        + " at version " + document.version() + ".");
            }
            StringBuilder out = new StringBuilder();
            for (Match match : matches) {
                switch (match) {
                    case Match.ElementMatch(var element) -> out.append(element.outerHtml());
                    case Match.TextMatch(var text) -> out.append(text.text());
                    case Match.AttributeMatch(var owner, var attribute, var value) ->
                            out.append(out.isEmpty() ? "" : "\n").append(value);
                }
            }
            return out.toString();
        });
    }

    /**
     * Applies an op, logs it and, once it is durable, sends it to every viewer. Returns when it is durable.
     *
     * @param precondition the versions the client based the change on ({@code If-Match}), or null
     * @throws StaleVersionException (412) when the space is at none of them
     * @throws DocumentException with the problem's status; nothing changed
     * @throws StoreException when the store could not keep it; the space goes back to its durable version
     */
    public Change apply(Op op, @Nullable IfMatch precondition) {
        Change change;
        CompletableFuture<Void> stored;
        writer.lock();
        try {
            requireLive();
            requireWritable();
            if (precondition != null && !precondition.matches(document.version())) {
                throw new StaleVersionException(name, document.version(), precondition.describe());
            }
            requireRoom(op);
            InsertPoint insertPoint = op instanceof Op.Insert insert ? InsertPoint.before(document, insert) : null;
            OpRecord record = op.applyTo(document);
            stored = store.append(name, record);
            metrics.applied();
            pending.addLast(new Pending(record.version(), () -> fanOut(record)));
            long epochOfWrite = epoch;
            stored.whenComplete((done, failure) -> {
                if (failure == null) {
                    durable(record.version(), epochOfWrite);
                } else {
                    failed(record.version(), epochOfWrite, failure);
                }
            });
            NodePath created = insertPoint == null ? null
                    : insertPoint.created(((Op.Insert) record.op()).html());
            change = new Change(record, created);
        } finally {
            writer.unlock();
        }
        StoreException.await(stored);
        for (SpaceChangeListener listener : listeners) {
            listener.applied(this, change.record());
        }
        return change;
    }

    /** Sends a durable op to every viewer that is not waiting for a whole document. */
    private void fanOut(OpRecord record) {
        ReverseRequest request = null; // one for all: its message id only has to be unique within each session
        for (Viewer viewer : viewers.values()) {
            if (!viewer.isResyncing()) {
                if (request == null) {
                    request = DocRequest.of(name, record.op()).toReverse(record.base());
                }
                viewer.send(request, record.version());
            }
        }
    }

    /** The store made {@code version} durable: what waited for it goes out, in order. */
    private void durable(long version, long epochOfWrite) {
        writer.lock();
        try {
            if (epochOfWrite != epoch || deleted) {
                return;
            }
            durable = Math.max(durable, version);
            while (!pending.isEmpty() && pending.peekFirst().version() <= durable) {
                pending.pollFirst().publish().run();
            }
            if (durable - snapshotAt >= config.snapshotEvery() && !snapshotting) {
                snapshotting = true;
                recovery.execute(this::snapshot);
            }
        } finally {
            writer.unlock();
        }
    }

    /**
     * The store could not keep {@code version}: neither it nor anything after it reached a viewer, so the space
     * goes back to the durable version and the viewers get it whole; meanwhile changes are refused.
     */
    private void failed(long version, long epochOfWrite, Throwable failure) {
        writer.lock();
        try {
            if (epochOfWrite != epoch || deleted) {
                return; // an op built on one that failed before it: the space is already going back
            }
            epoch++;
            recovering = true;
            pending.clear();
            log.warn("Space {}: version {} could not be kept ({}); going back to version {}", name, version,
                    StoreException.unwrap(failure).getMessage(), durable);
        } finally {
            writer.unlock();
        }
        recovery.execute(this::goBackToDurable);
    }

    private void goBackToDurable() {
        for (long wait = 100; ; wait = Math.min(wait * 2, 5_000)) {
            try {
                Document back = store.reload(name);
                writer.lock();
                try {
                    document = back;
                    durable = back.version();
                    recovering = false;
                    for (Viewer viewer : viewers.values()) {
                        metrics.resynced();
                        viewer.sendWhole(DocRequest.wholeDocument(name, document), document.version());
                    }
                } finally {
                    writer.unlock();
                }
                log.info("Space {} is back at version {}", name, back.version());
                return;
            } catch (StoreException e) {
                log.warn("Space {} cannot be read back from the store yet ({}); trying again", name, e.getMessage());
            }
            try {
                Thread.sleep(wait); // a back-off on a virtual thread of its own
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Keeps a snapshot of the space in the store, which then lets go of the ops before it. */
    private void snapshot() {
        Document copy;
        writer.lock();
        try {
            copy = deleted ? null : document.copy();
        } finally {
            writer.unlock();
        }
        if (copy == null) {
            return;
        }
        long version = copy.version();
        store.snapshot(name, copy).whenComplete((done, failure) -> {
            writer.lock();
            try {
                snapshotting = false;
                if (failure == null) {
                    snapshotAt = Math.max(snapshotAt, version);
                } else {
                    log.debug("Space {}: snapshot at {} not kept: {}", name, version, failure.getMessage());
                }
            } finally {
                writer.unlock();
            }
        });
    }

    /** Runs {@code publish} once {@code version} is durable: now, or after what waits before it. */
    private void whenDurable(long version, Runnable publish) {
        if (version <= durable) {
            publish.run();
        } else {
            pending.addLast(new Pending(version, publish));
        }
    }

    /** Sends the viewer the whole document as it is now, once that version is durable; its ops wait till then. */
    private void sendWholeWhenDurable(Viewer viewer) {
        long at = document.version();
        ReverseRequest whole = DocRequest.wholeDocument(name, document);
        viewer.holdFor(at);
        whenDurable(at, () -> {
            if (viewers.get(viewer.session) == viewer) {
                viewer.sendWhole(whole, at);
            }
        });
    }

    /**
     * A session starts viewing this space, or comes back to it: it gets the ops after {@code version} when the log
     * still has them (and there are at most {@link SpaceConfig#maxCatchUp()}), else the whole document.
     *
     * @param version the version its replica holds, or null for none
     */
    void join(Session session, @Nullable Long version) {
        writer.lock();
        try {
            if (deleted) {
                return;
            }
            Viewer viewer = viewers.computeIfAbsent(session, s -> new Viewer(s, this));
            if (recovering) {
                viewer.holdFor(Long.MAX_VALUE); // the whole document follows once the space is back
            } else if (version == null || !catchUp(viewer, version)) {
                sendWholeWhenDurable(viewer);
            } else {
                metrics.caughtUp();
            }
        } finally {
            writer.unlock();
        }
    }

    /**
     * Sends the durable ops after {@code version} from the log (the rest follow as they become durable); false when
     * the log does not have them all (or too many).
     */
    private boolean catchUp(Viewer viewer, long version) {
        Optional<List<OpRecord>> missed = store.since(name, version);
        if (missed.isEmpty() || missed.get().size() > config.maxCatchUp()) {
            return false;
        }
        for (OpRecord record : missed.get()) {
            viewer.send(DocRequest.of(name, record.op()).toReverse(record.base()), record.version());
        }
        return true;
    }

    /** A session stops viewing this space. */
    void leave(Session session) {
        writer.lock();
        try {
            viewers.remove(session);
        } finally {
            writer.unlock();
        }
    }

    /** Marks the space deleted: reads and changes answer 404 from now on, and nobody views it. */
    void delete() {
        writer.lock();
        try {
            deleted = true;
            viewers.clear();
        } finally {
            writer.unlock();
        }
    }

    /** Asks every viewer for its replica's version and hash; a mismatch gets a resync. */
    void checkReplicas() {
        List<Viewer> all;
        writer.lock();
        try {
            all = new ArrayList<>(viewers.values());
        } finally {
            writer.unlock();
        }
        for (Viewer viewer : all) {
            if (viewer.isResyncing()) {
                continue; // its replica is about to be replaced anyway
            }
            viewer.session.send(DocRequest.replicaCheck(name)).whenComplete((response, error) -> {
                if (error == null) {
                    recovery.execute(() -> compare(viewer, response));
                }
            });
        }
    }

    /** An op sent to {@code viewer} failed: unless a whole document already followed it, send one. */
    void failed(Viewer viewer, long version, String why) {
        if (version <= viewer.floor()) {
            return; // covered by the whole document sent since
        }
        recovery.execute(() -> resync(viewer, version, "version " + version + " " + why));
    }

    /** A whole document sent to {@code viewer} failed; try again a few times. */
    void wholeFailed(Viewer viewer, long version, String why) {
        if (viewer.failedResyncs.incrementAndGet() > Viewer.MAX_RESYNC_ATTEMPTS) {
            log.warn("{}: whole document failed {} times ({}); trying again when an op fails", viewer,
                    Viewer.MAX_RESYNC_ATTEMPTS, why);
            viewer.failedResyncs.set(0);
            recovery.execute(() -> {
                writer.lock();
                try {
                    viewer.arrived(version); // not really: ops flow again, and the first that fails starts over
                } finally {
                    writer.unlock();
                }
            });
            return;
        }
        recovery.execute(() -> resync(viewer, version, "whole document at " + version + " " + why));
    }

    /** The whole document at {@code version} reached {@code viewer}: send it what came since, held back meanwhile. */
    void wholeArrived(Viewer viewer, long version) {
        recovery.execute(() -> {
            writer.lock();
            try {
                if (deleted || viewers.get(viewer.session) != viewer || !viewer.arrived(version)) {
                    return;
                }
                if (recovering) {
                    viewer.holdFor(Long.MAX_VALUE);
                } else if (!catchUp(viewer, version)) {
                    metrics.resynced();
                    sendWholeWhenDurable(viewer);
                }
            } finally {
                writer.unlock();
            }
        });
    }

    private void resync(Viewer viewer, long failedVersion, String why) {
        writer.lock();
        try {
            if (deleted || viewers.get(viewer.session) != viewer || failedVersion < viewer.floor()) {
                return;
            }
            if (viewer.session.isClosed()) {
                viewers.remove(viewer.session);
                return;
            }
            log.debug("Resyncing {}: {}", viewer, why);
            if (recovering) {
                return; // every viewer gets the whole document once the space is back
            }
            metrics.resynced();
            sendWholeWhenDurable(viewer);
        } finally {
            writer.unlock();
        }
    }

    private void compare(Viewer viewer, ReverseResponse response) {
        metrics.checked();
        if (response.status() == 404) {
            resync(viewer, Long.MAX_VALUE, "it holds no replica");
            return;
        }
        String version = response.header(DocRequest.VERSION);
        String etag = response.header("ETag");
        if (response.status() != 200 || version == null || etag == null) {
            return; // a client that does not take part in checks
        }
        String hash = etag.replace("\"", "").trim();
        String expected;
        long at;
        try {
            at = Long.parseLong(version.trim());
        } catch (NumberFormatException e) {
            return;
        }
        writer.lock();
        try {
            if (deleted) {
                return;
            }
            expected = at == document.version() ? document.hashHex()
                    : store.producing(name, at).map(OpRecord::hash).orElse(null);
        } finally {
            writer.unlock();
        }
        if (expected != null && !expected.equals(hash)) {
            metrics.mismatched();
            log.warn("{}: replica at version {} has hash {}, the server's is {}; resyncing", viewer, at, hash, expected);
            resync(viewer, Long.MAX_VALUE, "replica check");
        }
    }

    private void requireWritable() {
        if (recovering) {
            throw new StoreException(StoreException.Reason.UNAVAILABLE, "The space " + name + " is going back to its"
                    + " last durable version after a change could not be kept; try again in a moment.");
        }
    }

    private void requireLive() {
        if (deleted) {
            throw new DocumentException(404, "The space " + name + " was deleted.");
        }
    }

    /** Refuses a fragment that could take the document past {@link SpaceConfig#maxNodes()}; a cheap bound, not a parse. */
    private void requireRoom(Op op) {
        String html = switch (op) {
            case Op.Replace r -> r.html();
            case Op.Insert i -> i.html();
            default -> "";
        };
        long bound = 1;
        for (int i = 0; i < html.length(); i++) {
            if (html.charAt(i) == '<') {
                bound += 2;
            }
        }
        if (document.nodeCount() + bound > config.maxNodes()) {
            throw new DocumentException(413, "The space " + name + " holds " + document.nodeCount()
                    + " nodes; with this fragment it could pass its limit of " + config.maxNodes() + ".");
        }
    }

    /**
     * A change applied to the space.
     *
     * @param record the op as applied and logged: its canonical form and the version it produced
     * @param created for an insert, the positional path of the first element it created (or of the parent it
     *     inserted into, for text alone); null for other ops
     */
    public record Change(OpRecord record, @Nullable NodePath created) {}

    /** Something for the viewers that may go out once {@code version} is durable. */
    private record Pending(long version, Runnable publish) {}

    /** Where an insert goes, noted before it is applied so that the created element can be found after. */
    private record InsertPoint(Element parent, int at, @Nullable Node before) {

        static @Nullable InsertPoint before(Document document, Op.Insert insert) {
            NodePath path = insert.path();
            Element target = path.isRoot() ? document.body() : path.expectElement(document);
            Element parent = insert.at() == Placement.BEFORE || insert.at() == Placement.AFTER
                    ? target.parent() : target;
            if (parent == null) {
                return null; // beside the body: Op.applyTo refuses it with its own sentence
            }
            int at = switch (insert.at()) {
                case APPEND -> target.childCount();
                case FIRST -> 0;
                case BEFORE -> target.siblingIndex();
                case AFTER -> target.siblingIndex() + 1;
            };
            return new InsertPoint(parent, at, at > 0 ? parent.child(at - 1) : null);
        }

        /**
         * The first element inserted: elements of a fragment never merge, so it is the first element from the
         * insertion point on that was not there before (a text at the point may have absorbed the fragment's
         * leading text).
         */
        NodePath created(String canonicalHtml) {
            if (canonicalHtml.indexOf('<') >= 0) { // canonical HTML escapes '<' in text: there is an element
                for (int i = Math.max(0, at - 1); i < parent.childCount(); i++) {
                    if (parent.child(i) instanceof Element element && element != before) {
                        return NodePath.of(element);
                    }
                }
            }
            return NodePath.of(parent);
        }
    }
}

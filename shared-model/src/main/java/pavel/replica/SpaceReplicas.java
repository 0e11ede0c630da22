package pavel.replica;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import pavel.model.Document;
import pavel.model.DocumentException;
import pavel.model.Element;
import pavel.model.HtmlFragment;
import pavel.op.DocRequest;
import pavel.op.Op;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;

/**
 * A client's replicas of the spaces it views, kept current by the server's reverse requests on {@code /doc/}, which
 * {@link #handle} answers with the statuses of DESIGN.md "PTTH":
 *
 * <pre>{@code
 * SpaceReplicas replicas = new SpaceReplicas();
 * replicas.handle(DocRequest.wholeDocument("main", serverDoc));        // 204: joined at serverDoc.version()
 * replicas.handle(DocRequest.of("main", record.op()).toReverse(record.base()));   // 204: applied
 * replicas.handle(DocRequest.replicaCheck("main"));                    // 200, Pavel-Version, ETag: "<hash>"
 * replicas.snapshot("main").outerHtml();                               // the same as the server's
 * }</pre>
 *
 * <table>
 * <caption>What a replica answers</caption>
 * <tr><th>request</th><th>answer</th></tr>
 * <tr><td>{@code PUT|POST|DELETE /doc/{space}{path}[?at=…]} with {@code Pavel-Base: n},
 *     {@code Pavel-Version: n+1}</td>
 *     <td>{@code 204} applied, or already at or past n+1 (a repeat, nothing changes); {@code 409} at another version
 *     than n (with its {@code Pavel-Version}) or no replica of the space yet; {@code 404} the path selects nothing;
 *     {@code 409} it selects several; {@code 422} the sanitizer refuses the fragment; {@code 400} a bad path,
 *     missing or bad headers</td></tr>
 * <tr><td>{@code PUT /doc/{space}/} with {@code Pavel-Version: n} and no {@code Pavel-Base}</td>
 *     <td>{@code 204}: the body is now the whole replica, at version n (join, resync)</td></tr>
 * <tr><td>{@code GET /doc/{space}/}</td>
 *     <td>{@code 200} with {@code Pavel-Version} and {@code ETag: "<16 hex>"} (the document hash), no body;
 *     {@code 404} without a replica of the space</td></tr>
 * <tr><td>{@code GET /doc/{space}{path}}</td>
 *     <td>{@code 200} with the node's outer HTML, or the text or attribute value; {@code 404}, {@code 409}</td></tr>
 * </table>
 *
 * <p>Errors carry the sentence of the problem as {@code text/plain}. A request that fails changes nothing.
 *
 * <p>Thread-safe. Each space has its own lock: requests on one space apply one at a time, different spaces in
 * parallel. {@link ReplicaListener}s are told of each change in version order per space.
 */
public final class SpaceReplicas {
    private static final System.Logger LOG = System.getLogger(SpaceReplicas.class.getName());

    /** Once made, a space's slot stays, empty or not, so that a whole document never lands in a dropped slot. */
    private final Map<String, SpaceReplica> spaces = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<ReplicaListener> listeners = new CopyOnWriteArrayList<>();
    private final ReplicaListener notifier = this::notifyListeners;

    /** Answers a reverse request on {@code /doc/}; never throws for a bad request, it answers it. */
    public ReverseResponse handle(ReverseRequest request) {
        Objects.requireNonNull(request, "request");
        try {
            DocRequest doc = DocRequest.parse(request.method(), request.uri(), request.body());
            return switch (doc.method()) {
                case "GET" -> read(request, doc);
                // An op may replace "/" too; only the whole document comes without a base version.
                case "PUT" -> doc.path().isRoot() && request.header(DocRequest.BASE) == null
                        ? replaceWhole(request, doc) : apply(request, doc);
                case "POST", "DELETE" -> apply(request, doc);
                default -> ReplicaAnswers.methodNotAllowed(request);
            };
        } catch (DocumentException problem) {
            return ReplicaAnswers.problem(request, problem);
        }
    }

    private ReverseResponse apply(ReverseRequest request, DocRequest doc) {
        Op op = doc.toOp();
        VersionHeaders.OpVersions versions = VersionHeaders.expectOp(request);
        SpaceReplica replica = spaces.get(doc.space());
        if (replica == null) {
            throw SpaceReplica.notHeld(doc.space()); // and no slot for it: ops alone never make one
        }
        replica.apply(op, versions.base(), versions.version(), notifier);
        return ReplicaAnswers.noContent(request);
    }

    private ReverseResponse replaceWhole(ReverseRequest request, DocRequest doc) {
        long version = VersionHeaders.expect(request, DocRequest.VERSION);
        Element body = HtmlFragment.parseBody(doc.body());
        Document whole = new Document(new Element("body"), version);
        whole.replaceBody(body); // refuses what would not parse back to itself, as Document.parse does
        spaces.computeIfAbsent(doc.space(), SpaceReplica::new).replace(whole, notifier);
        return ReplicaAnswers.noContent(request);
    }

    private ReverseResponse read(ReverseRequest request, DocRequest doc) {
        SpaceReplica replica = spaces.get(doc.space());
        if (doc.path().isRoot()) {
            SpaceReplica.ReplicaState state = replica == null ? null : replica.state();
            if (state == null) {
                throw noReplica(doc.space());
            }
            return ReplicaAnswers.check(request, state.version(), state.hashHex());
        }
        SpaceReplica.Selection selection = replica == null ? null : replica.select(doc.path());
        if (selection == null) {
            throw noReplica(doc.space());
        }
        if (selection.nodes().isEmpty()) {
            throw new DocumentException(404, "No node matches " + doc.path() + " in the replica of " + doc.space()
                    + " at version " + selection.version() + ".");
        }
        if (selection.nodes().size() > 1) {
            throw new DocumentException(409, "The path " + doc.path() + " selects " + selection.nodes().size()
                    + " nodes; a GET answers with one.");
        }
        SpaceReplica.Selected node = selection.nodes().getFirst();
        return ReplicaAnswers.content(request, selection.version(), node.html() ? DocRequest.HTML : DocRequest.TEXT,
                node.content());
    }

    // ---- for the UI and tests ----

    /** True when this client holds a replica of {@code space}. */
    public boolean holds(String space) {
        SpaceReplica replica = spaces.get(space);
        return replica != null && replica.isHeld();
    }

    /** The spaces held, by name; maybe empty, never null. */
    public Set<String> spaces() {
        Set<String> held = new TreeSet<>();
        spaces.forEach((space, replica) -> {
            if (replica.isHeld()) {
                held.add(space);
            }
        });
        return held;
    }

    /**
     * The version of the replica of {@code space}.
     *
     * @throws NoSuchElementException when none is held
     */
    public long version(String space) {
        return expectState(space).version();
    }

    /**
     * The document hash of the replica of {@code space}, 16 hex digits (what a replica check sends as its ETag).
     *
     * @throws NoSuchElementException when none is held
     */
    public String hashHex(String space) {
        return expectState(space).hashHex();
    }

    /** A copy of the replica of {@code space}, at its version; null when none is held. */
    public @Nullable Document findSnapshot(String space) {
        SpaceReplica replica = spaces.get(space);
        return replica == null ? null : replica.copy();
    }

    /**
     * A copy of the replica of {@code space}, at its version: the caller may read or change it freely.
     *
     * @throws NoSuchElementException when none is held
     */
    public Document snapshot(String space) {
        Document copy = findSnapshot(space);
        if (copy == null) {
            throw new NoSuchElementException("This client holds no replica of space '" + space + "'.");
        }
        return copy;
    }

    /** The version of every space held (each read at one moment, the spaces not all at the same one). */
    public SpaceVersions versions() {
        Map<String, Long> versions = new LinkedHashMap<>();
        spaces.forEach((space, replica) -> {
            SpaceReplica.ReplicaState state = replica.state();
            if (state != null) {
                versions.put(space, state.version());
            }
        });
        return new SpaceVersions(versions);
    }

    /**
     * The value of {@code Pavel-Version} for the handshake that (re)opens this client's session, so that the server
     * sends only what it missed: {@code lab=7, main=42}; null when no replica is held (then send none).
     */
    public @Nullable String resumeHeaderValue() {
        SpaceVersions versions = versions();
        return versions.isEmpty() ? null : versions.headerValue();
    }

    /** Forgets the replica of {@code space} (the client stopped viewing it); ops on it are 409 until it rejoins. */
    public void forget(String space) {
        SpaceReplica replica = spaces.get(space);
        if (replica != null) {
            replica.clear();
        }
    }

    /** Tells {@code listener} about every later change, until {@link #removeListener}. */
    public void addListener(ReplicaListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ReplicaListener listener) {
        listeners.remove(listener);
    }

    @Override
    public String toString() {
        return "SpaceReplicas[" + versions() + "]";
    }

    private SpaceReplica.ReplicaState expectState(String space) {
        SpaceReplica replica = spaces.get(space);
        SpaceReplica.ReplicaState state = replica == null ? null : replica.state();
        if (state == null) {
            throw new NoSuchElementException("This client holds no replica of space '" + space + "'.");
        }
        return state;
    }

    private static DocumentException noReplica(String space) {
        return new DocumentException(404, "This client holds no replica of space " + space + ".");
    }

    private void notifyListeners(String space, long version) {
        for (ReplicaListener listener : listeners) {
            try {
                listener.changed(space, version);
            } catch (RuntimeException e) {
                // One broken listener (a view, a test probe) must not fail the op or keep the others uninformed.
                LOG.log(System.Logger.Level.WARNING, "A replica listener failed on " + space + " at version " + version, e);
            }
        }
    }
}

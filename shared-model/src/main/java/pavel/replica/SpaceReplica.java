package pavel.replica;

import java.util.List;
import org.jspecify.annotations.Nullable;
import pavel.model.Document;
import pavel.model.DocumentException;
import pavel.op.Op;
import pavel.op.VersionConflictException;
import pavel.path.Match;
import pavel.path.NodePath;

/**
 * The replica of one space: its document (none until the first whole document arrives) and the lock that makes
 * each change whole. Thread-safe: every method holds this object's monitor, and the document never leaves it
 * except as a copy.
 */
final class SpaceReplica {
    private final String space;
    private @Nullable Document document;

    SpaceReplica(String space) {
        this.space = space;
    }

    /**
     * Applies an op that moves the replica from {@code base} to {@code version} ({@code base + 1}).
     *
     * @return true when applied; false when the replica was already at or past {@code version} (a repeat)
     * @throws VersionConflictException (409) when the replica is at another version than {@code base}
     * @throws DocumentException (409) when there is no replica yet; what {@link Op#applyTo} throws, nothing changed
     */
    synchronized boolean apply(Op op, long base, long version, ReplicaListener listener) {
        Document doc = expectDocument();
        if (doc.version() >= version) {
            return false;
        }
        if (doc.version() != base) {
            throw new VersionConflictException(base, doc.version());
        }
        op.applyTo(doc);
        // Pavel-Version = Pavel-Base + 1 was checked on the way in and applyTo advances by one; should either ever
        // change, a replica that silently took another version than the server's would diverge unnoticed.
        if (doc.version() != version) {
            throw new IllegalStateException("The replica of " + space + " is at version " + doc.version()
                    + " after an op to version " + version + ".");
        }
        listener.changed(space, version);
        return true;
    }

    /** Takes {@code whole} as the replica, whatever it held before. */
    synchronized void replace(Document whole, ReplicaListener listener) {
        document = whole;
        listener.changed(space, whole.version());
    }

    /** Forgets the replica; ops are then 409 and checks 404 until a whole document arrives again. */
    synchronized void clear() {
        document = null;
    }

    synchronized boolean isHeld() {
        return document != null;
    }

    synchronized @Nullable ReplicaState state() {
        return document == null ? null : new ReplicaState(document.version(), document.hashHex());
    }

    synchronized @Nullable Document copy() {
        return document == null ? null : document.copy();
    }

    /** What {@code path} selects, read under the lock, with the version it was read at; null with no replica. */
    synchronized @Nullable Selection select(NodePath path) {
        return document == null ? null : new Selection(path.select(document).stream().map(SpaceReplica::render).toList(),
                document.version());
    }

    private Document expectDocument() {
        if (document == null) {
            throw notHeld(space);
        }
        return document;
    }

    /** The answer to an op on a space without a replica (409): the server must send the whole document first. */
    static DocumentException notHeld(String space) {
        return new DocumentException(409, "This client holds no replica of space " + space
                + " yet; it needs the whole document first.");
    }

    /** A selected node as the answer to a GET: outer HTML for an element, the value for text and attributes. */
    private static Selected render(Match match) {
        return switch (match) {
            case Match.ElementMatch(var element) -> new Selected(element.outerHtml(), true);
            case Match.TextMatch(var text) -> new Selected(text.text(), false);
            case Match.AttributeMatch(_, _, var value) -> new Selected(value, false);
        };
    }

    /** The version and hash of a replica at one moment. */
    record ReplicaState(long version, String hashHex) {
    }

    /** The nodes a path selected, rendered, and the version they were read at. */
    record Selection(List<Selected> nodes, long version) {
    }

    /** One selected node's text, and whether it is HTML (an element) or plain text (text, attribute value). */
    record Selected(String content, boolean html) {
    }
}

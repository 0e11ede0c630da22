package pavel.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A shared document: a tree under a {@code <body>} root, with a version number, a hash that is always current and
 * an index of ids.
 *
 * <pre>{@code
 * Document doc = Document.parse("<div id=\"a\">hi</div>");
 * Element a = doc.elementsWithId("a").getFirst();
 * doc.insert(a, a.childCount(), HtmlFragment.parse("<b>there</b>", "div"));
 * doc.hashHex();                     // the same 16 hex digits on every replica with the same content
 * }</pre>
 *
 * <p>The change methods here keep the hash, the id index and the normalization right and refuse what HTML parsing
 * would restructure; they do not move the version. Replicated changes go through {@code pavel.op.Op}, which
 * resolves a node path, calls one of them and advances the version by one.
 *
 * <p>Not thread-safe: a document has one writer (the server runs one per space).
 */
public final class Document {
    /** The deepest nesting of elements a document holds; deeper fragments are refused. */
    public static final int MAX_DEPTH = 256;

    private Element body;
    private long version;
    private int nodeCount;
    private final Map<String, List<Element>> ids = new HashMap<>();

    /** An empty document ({@code <body></body>}) at version 0. */
    public Document() {
        this(new Element("body"), 0);
    }

    /** A document that takes ownership of a detached {@code <body>} element. */
    public Document(Element body, long version) {
        if (version < 0) {
            throw new IllegalArgumentException("Version (" + version + ") cannot be negative.");
        }
        requireBody(body);
        this.version = version;
        this.body = body;
        this.nodeCount = attach(body);
    }

    /**
     * Parses a whole document (see {@link HtmlFragment#parseBody}) at version 0.
     *
     * @throws FragmentRefusedException when the sanitizer refuses something, or when the parsed tree would not
     *     parse back to itself (a few misnestings make the HTML parser build trees it would not build again)
     */
    public static Document parse(String html) {
        Element body = HtmlFragment.parseBody(html);
        PlacementCheck.verify(body, 0, body.children());
        return new Document(body, 0);
    }

    public Element body() {
        return body;
    }

    public long version() {
        return version;
    }

    /** The document hash ({@link DocumentHash}); equal documents have equal hashes on every replica. */
    public long hash() {
        return body.hash;
    }

    /** {@link #hash()} as 16 lowercase hex digits. */
    public String hashHex() {
        return DocumentHash.hex(body.hash);
    }

    /** How many nodes (elements and texts, the body included) the document holds. */
    public int nodeCount() {
        return nodeCount;
    }

    /** The elements whose {@code id} is {@code id}, in no particular order; maybe empty, never null. */
    public List<Element> elementsWithId(String id) {
        List<Element> found = ids.get(id);
        return found == null ? List.of() : List.copyOf(found);
    }

    /** The whole document as {@code <body>…</body>}. */
    public String outerHtml() {
        return body.outerHtml();
    }

    /** True when both documents have the same content (versions are not compared). */
    public boolean contentEquals(Document other) {
        return body.contentEquals(other.body);
    }

    /** A deep copy at the same version. */
    public Document copy() {
        return new Document(body.copy(), version);
    }

    /** True when {@code node} belongs to this document. */
    public boolean contains(Node node) {
        return node.owner == this;
    }

    /** Advances the version by one and returns it; called once per applied op. */
    public long advanceVersion() {
        return ++version;
    }

    // ---- changes ----

    /** Replaces the whole content: the body and everything in it. */
    public void replaceBody(Element newBody) {
        requireBody(newBody);
        PlacementCheck.verify(newBody, 0, newBody.children());
        detach(body);
        ids.clear();
        body = newBody;
        nodeCount = attach(newBody);
    }

    /** Inserts detached nodes into {@code parent} before child {@code at} ({@code childCount()} appends). */
    public void insert(Element parent, int at, List<? extends Node> nodes) {
        requireOwned(parent);
        if (at < 0 || at > parent.childCount()) {
            throw new IndexOutOfBoundsException("Index (" + at + ") is outside 0.." + parent.childCount() + ".");
        }
        requireDetached(nodes);
        requireDepth(parent, nodes);
        PlacementCheck.verify(parent, at, nodes);
        int before = parent.childCount();
        int added = attach(nodes);
        parent.insertChildren(at, nodes);
        nodeCount += added - (before + nodes.size() - parent.childCount());
        rehashFrom(parent);
    }

    /** Replaces a node (not the body) with detached nodes, which may be none. */
    public void replace(Node target, List<? extends Node> nodes) {
        requireOwned(target);
        Element parent = requireParent(target);
        int at = target.index;
        requireDetached(nodes);
        requireDepth(parent, nodes);
        PlacementCheck.verify(parent, at, nodes);
        int before = parent.childCount();
        int removed = detach(target);
        int added = attach(nodes);
        parent.replaceChild(at, nodes);
        // Normalization may merge texts on both sides; count what it took away.
        nodeCount += added - removed - (before - 1 + nodes.size() - parent.childCount());
        rehashFrom(parent);
    }

    /** Removes a node (not the body). */
    public void remove(Node target) {
        requireOwned(target);
        Element parent = requireParent(target);
        int before = parent.childCount();
        int removed = detach(target);
        parent.removeChild(target.index);
        nodeCount -= removed + (before - 1 - parent.childCount());
        rehashFrom(parent);
    }

    /** Replaces the element's content with one text node (none for the empty string). */
    public void setText(Element element, String text) {
        requireOwned(element);
        String normalized = normalizeCharacters(text);
        List<Node> content = normalized.isEmpty() ? List.of() : List.of(new Text(normalized));
        PlacementCheck.verify(element, 0, content);
        int removed = 0;
        for (Node child : element.children()) {
            removed += detach(child);
        }
        element.replaceChildren(content);
        nodeCount += attach(content) - removed;
        rehashFrom(element);
    }

    /** Sets an attribute (its place kept when it exists, appended otherwise); the value passes the sanitizer. */
    public void setAttribute(Element element, String name, String rawValue) {
        requireOwned(element);
        String value = normalizeCharacters(rawValue);
        Objects.requireNonNull(name, "name");
        if (!Names.isAttributeName(name)) {
            throw new FragmentRefusedException(List.of(new Refusal("attribute " + name, "not a valid attribute name")));
        }
        Refusal refusal = HtmlPolicy.checkAttribute(element.name(), name, value);
        if (refusal != null) {
            throw new FragmentRefusedException(List.of(refusal));
        }
        String old = element.attribute(name);
        if (value.equals(old)) {
            return;
        }
        unindexId(element);
        element.putAttribute(name, value);
        indexId(element);
        rehashFrom(element);
        if (name.equals("type") && element.parent != null) {
            verifyInPlace(element, name, old);
        }
    }

    /** Removes an attribute; {@link NoSuchNodeException} when the element has none of that name. */
    public void removeAttribute(Element element, String name) {
        requireOwned(element);
        String old = element.expectAttribute(name);
        unindexId(element);
        element.dropAttribute(name);
        indexId(element);
        rehashFrom(element);
        if (name.equals("type") && element.parent != null) {
            verifyInPlace(element, name, old);
        }
    }

    // ---- internals ----

    /** {@code type} decides how parsing places an {@code <input>} in a table; undo the change if it now moves. */
    private void verifyInPlace(Element element, String name, @Nullable String old) {
        Element parent = element.parent;
        assert parent != null;
        try {
            PlacementCheck.verify(parent, element.index, List.of(element));
        } catch (FragmentRefusedException e) {
            unindexId(element);
            if (old == null) {
                element.dropAttribute(name);
            } else {
                element.putAttribute(name, old);
            }
            indexId(element);
            rehashFrom(element);
            throw e;
        }
    }

    /** Recomputes {@code changed}'s hash, then carries the difference up to the body. */
    private static void rehashFrom(Element changed) {
        Node node = changed;
        long oldHash = changed.rehashSelf();
        for (Element parent = node.parent; parent != null && node.hash != oldHash; parent = parent.parent) {
            parent.childHashChanged(node.index, oldHash);
            oldHash = parent.rehashSelf();
            node = parent;
        }
    }

    /** Takes ownership of a detached subtree; returns its size. */
    private int attach(Node node) {
        if (node.owner != null || (node.parent != null && node.parent.owner == null)) {
            throw new IllegalArgumentException("The node " + node + " already belongs to a tree; copy() it first.");
        }
        node.owner = this;
        int size = 1;
        if (node instanceof Element e) {
            indexId(e);
            for (Node child : e.children()) {
                size += attach(child);
            }
        }
        return size;
    }

    private int attach(List<? extends Node> nodes) {
        int size = 0;
        for (Node node : nodes) {
            size += attach(node);
        }
        return size;
    }

    /** Gives up ownership of a subtree; returns its size. */
    private int detach(Node node) {
        node.owner = null;
        int size = 1;
        if (node instanceof Element e) {
            unindexId(e);
            for (Node child : e.children()) {
                size += detach(child);
            }
        }
        return size;
    }

    private void indexId(Element e) {
        String id = e.attribute("id");
        if (id != null) {
            ids.computeIfAbsent(id, k -> new ArrayList<>(1)).add(e);
        }
    }

    private void unindexId(Element e) {
        String id = e.attribute("id");
        if (id == null) {
            return;
        }
        List<Element> list = ids.get(id);
        if (list != null) {
            list.removeIf(x -> x == e);
            if (list.isEmpty()) {
                ids.remove(id);
            }
        }
    }

    private void requireOwned(Node node) {
        Objects.requireNonNull(node, "node");
        if (node.owner != this) {
            throw new IllegalArgumentException("The node " + node + " is not part of this document.");
        }
    }

    private static Element requireParent(Node target) {
        Element parent = target.parent;
        if (parent == null) {
            throw new DocumentException(400, "The <body> itself cannot be removed or have siblings; replace '/' "
                    + "to change the whole document.");
        }
        return parent;
    }

    /** Checked before anything changes, so that a bad argument cannot leave a change half made. */
    private static void requireDetached(List<? extends Node> nodes) {
        java.util.Set<Node> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Node node : nodes) {
            Objects.requireNonNull(node, "node");
            if (node.parent != null || node.owner != null || !seen.add(node)) {
                throw new IllegalArgumentException("The node " + node + " is already part of a tree (or given twice); "
                        + "copy() it first.");
            }
        }
    }

    private static void requireDepth(Element parent, List<? extends Node> nodes) {
        int depth = 1;
        for (Element e = parent; e.parent != null; e = e.parent) {
            depth++;
        }
        for (Node node : nodes) {
            if (depth + node.height() > MAX_DEPTH) {
                throw new FragmentRefusedException(List.of(new Refusal(node instanceof Element e ? "<" + e.name() + ">"
                        : "text", "would nest deeper than " + MAX_DEPTH + " levels")));
            }
        }
    }

    private static void requireBody(Element body) {
        Objects.requireNonNull(body, "body");
        if (!body.name().equals("body")) {
            throw new IllegalArgumentException("The root of a document must be <body>, not <" + body.name() + ">.");
        }
        if (body.parent != null || body.owner != null) {
            throw new IllegalArgumentException("The body already belongs to a tree; copy() it first.");
        }
    }

    /**
     * Text and attribute values get the newlines HTML parsing would give them (CR LF and CR become LF); U+0000,
     * which parsing drops or replaces, is refused.
     */
    private static String normalizeCharacters(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new FragmentRefusedException(List.of(new Refusal("U+0000", "HTML cannot hold a NUL character")));
        }
        return value.indexOf('\r') < 0 ? value : value.replace("\r\n", "\n").replace('\r', '\n');
    }
}

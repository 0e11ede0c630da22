package pavel.model;

import org.jspecify.annotations.Nullable;

/**
 * A node of a document: an {@link Element} or a {@link Text}.
 *
 * <p>Nodes are built detached (by the fragment parser or the constructors) and then handed to a {@link Document},
 * which owns them from then on: every change to an attached node goes through the document, so that its hash, its
 * id index and its normalization stay right. Not thread-safe; a document has one writer.
 */
public abstract sealed class Node permits Element, Text {
    @Nullable Element parent;
    @Nullable Document owner;
    int index;
    long hash;

    Node() {
    }

    /** The parent element, or null for a detached node and for a document's {@code <body>}. */
    public final @Nullable Element parent() {
        return parent;
    }

    /** This node's position among its parent's children, from 0. */
    public final int siblingIndex() {
        return index;
    }

    /** The hash of this subtree, as {@link DocumentHash} defines it; always current. */
    public final long hash() {
        return hash;
    }

    /** The canonical HTML of this node. */
    public final String outerHtml() {
        StringBuilder out = new StringBuilder();
        HtmlWriter.write(this, out);
        return out.toString();
    }

    /** True when both subtrees have the same names, attributes (in order) and text. */
    public abstract boolean contentEquals(Node other);

    /** A detached deep copy. */
    public abstract Node copy();

    /** The number of nodes in this subtree, this one included. */
    abstract int size();

    /** The number of element levels in this subtree: 0 for text, 1 for an element without element children. */
    abstract int height();

    @Override
    public String toString() {
        return outerHtml();
    }
}

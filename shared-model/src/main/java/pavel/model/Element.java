package pavel.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An element: a lowercase name, ordered attributes with unique names, and children.
 *
 * <p>Children are kept normalized: no empty text nodes and never two text nodes side by side, as the HTML parser
 * would give them. The constructor normalizes what it is given. Only the owning {@link Document} changes an
 * attached element.
 *
 * <p>The constructors trust their caller: HTML from outside enters through {@link HtmlFragment}, which sanitizes it.
 */
public final class Element extends Node {
    /** Elements that cannot have children and are written without an end tag. */
    public static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input", "link",
            "meta", "source", "track", "wbr");

    private final String name;
    private final long nameHash;
    private final ArrayList<Attribute> attributes;
    private final ArrayList<Node> children;
    private long attributeSum;
    private long childSum;

    /** An element without attributes or children. */
    public Element(String name) {
        this(name, List.of(), List.of());
    }

    /**
     * An element with attributes (unique names, in this order) and detached children (normalized on the way in).
     *
     * @throws IllegalArgumentException for a name that is not a lowercase tag name, a repeated attribute name, or a
     *     child that already has a parent
     */
    public Element(String name, List<Attribute> attributes, List<? extends Node> children) {
        this.name = requireTagName(name);
        this.nameHash = DocumentHash.ofString(name);
        this.attributes = new ArrayList<>(attributes.size());
        for (Attribute a : attributes) {
            if (indexOfAttribute(a.name()) >= 0) {
                throw new IllegalArgumentException("Attribute '" + a.name() + "' appears twice on <" + name + ">.");
            }
            this.attributes.add(requireAttribute(a));
        }
        this.children = new ArrayList<>(children.size());
        for (Node child : children) {
            requireDetached(child);
            this.children.add(child);
        }
        normalizeChildren();
        recomputeAttributeSum();
        recomputeChildSum();
        this.hash = DocumentHash.element(nameHash, attributeSum, childSum);
    }

    public String name() {
        return name;
    }

    /** The attributes in order; an unmodifiable view. */
    public List<Attribute> attributes() {
        return Collections.unmodifiableList(attributes);
    }

    /** The value of the named attribute, or null when the element has none. */
    public @Nullable String attribute(String attributeName) {
        int i = indexOfAttribute(attributeName);
        return i < 0 ? null : attributes.get(i).value();
    }

    /** The value of the named attribute; throws {@link NoSuchNodeException} naming the element when it has none. */
    public String expectAttribute(String attributeName) {
        String value = attribute(attributeName);
        if (value == null) {
            throw new NoSuchNodeException("<" + name + "> has no attribute '" + attributeName + "'.");
        }
        return value;
    }

    public boolean hasAttribute(String attributeName) {
        return indexOfAttribute(attributeName) >= 0;
    }

    /** The children in order; an unmodifiable view. */
    public List<Node> children() {
        return Collections.unmodifiableList(children);
    }

    public int childCount() {
        return children.size();
    }

    public Node child(int i) {
        return children.get(i);
    }

    /** All text in this subtree, in document order (what the DOM calls {@code textContent}). */
    public String textContent() {
        StringBuilder out = new StringBuilder();
        appendText(this, out);
        return out.toString();
    }

    public boolean isVoid() {
        return VOID.contains(name);
    }

    @Override
    public boolean contentEquals(Node other) {
        if (!(other instanceof Element e) || e.hash != hash || !e.name.equals(name)
                || !e.attributes.equals(attributes) || e.children.size() != children.size()) {
            return false;
        }
        for (int i = 0; i < children.size(); i++) {
            if (!children.get(i).contentEquals(e.children.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Element copy() {
        List<Node> copies = new ArrayList<>(children.size());
        for (Node child : children) {
            copies.add(child.copy());
        }
        return new Element(name, attributes, copies);
    }

    @Override
    int size() {
        int size = 1;
        for (Node child : children) {
            size += child.size();
        }
        return size;
    }

    @Override
    int height() {
        int max = 0;
        for (Node child : children) {
            max = Math.max(max, child.height());
        }
        return max + 1;
    }

    // ---- changes, for the owning Document only; each leaves this element's own hash stale for Document to fix ----

    /** Inserts detached nodes at {@code at}, then normalizes. */
    void insertChildren(int at, List<? extends Node> nodes) {
        for (Node node : nodes) {
            requireNoParent(node);
        }
        children.addAll(at, nodes);
        for (Node node : nodes) {
            node.parent = this;
        }
        normalizeChildren();
        recomputeChildSum();
    }

    /** Removes the child at {@code at}, then normalizes (its neighbours may be texts that now touch). */
    Node removeChild(int at) {
        Node removed = children.remove(at);
        removed.parent = null;
        normalizeChildren();
        recomputeChildSum();
        return removed;
    }

    /** Replaces the child at {@code at} with detached nodes (maybe none), then normalizes. */
    void replaceChild(int at, List<? extends Node> nodes) {
        for (Node node : nodes) {
            requireNoParent(node);
        }
        children.remove(at).parent = null;
        children.addAll(at, nodes);
        for (Node node : nodes) {
            node.parent = this;
        }
        normalizeChildren();
        recomputeChildSum();
    }

    /** Replaces every child; returns the old ones, detached. */
    List<Node> replaceChildren(List<? extends Node> nodes) {
        List<Node> old = new ArrayList<>(children);
        for (Node child : old) {
            child.parent = null;
        }
        children.clear();
        insertChildren(0, nodes);
        return old;
    }

    /** Sets an attribute, keeping its place when it exists and appending it otherwise. */
    void putAttribute(String attributeName, String value) {
        Attribute attribute = requireAttribute(new Attribute(attributeName, value));
        int i = indexOfAttribute(attributeName);
        if (i >= 0) {
            attributes.set(i, attribute);
        } else {
            attributes.add(attribute);
        }
        recomputeAttributeSum();
    }

    /** Removes an attribute; returns false when there was none. */
    boolean dropAttribute(String attributeName) {
        int i = indexOfAttribute(attributeName);
        if (i < 0) {
            return false;
        }
        attributes.remove(i);
        recomputeAttributeSum();
        return true;
    }

    /** Recomputes this element's own hash from its sums; returns the old hash. */
    long rehashSelf() {
        long old = hash;
        hash = DocumentHash.element(nameHash, attributeSum, childSum);
        return old;
    }

    /** Adjusts the child sum after the hash of the child at {@code at} changed from {@code oldHash}. */
    void childHashChanged(int at, long oldHash) {
        childSum += (children.get(at).hash - oldHash) * DocumentHash.power(at);
    }

    private void normalizeChildren() {
        int write = 0;
        for (int read = 0; read < children.size(); read++) {
            Node node = children.get(read);
            if (node instanceof Text t) {
                if (t.text().isEmpty()) {
                    t.parent = null;
                    t.owner = null;
                    continue;
                }
                if (write > 0 && children.get(write - 1) instanceof Text previous) {
                    Node merged = new Text(previous.text() + t.text());
                    merged.owner = t.owner;
                    for (Text gone : List.of(previous, t)) {
                        gone.parent = null;
                        gone.owner = null;
                    }
                    node = merged;
                    write--;
                }
            }
            node.parent = this;
            node.index = write;
            children.set(write++, node);
        }
        children.subList(write, children.size()).clear();
    }

    private void recomputeChildSum() {
        long sum = 0;
        long weight = 1;
        for (Node child : children) {
            sum += child.hash * weight;
            weight *= DocumentHash.R;
        }
        childSum = sum;
    }

    private void recomputeAttributeSum() {
        long sum = 0;
        long weight = 1;
        for (Attribute a : attributes) {
            sum += DocumentHash.attribute(a.name(), a.value()) * weight;
            weight *= DocumentHash.R;
        }
        attributeSum = sum;
    }

    private int indexOfAttribute(String attributeName) {
        for (int i = 0; i < attributes.size(); i++) {
            if (attributes.get(i).name().equals(attributeName)) {
                return i;
            }
        }
        return -1;
    }

    private static void appendText(Element element, StringBuilder out) {
        for (Node child : element.children) {
            switch (child) {
                case Text t -> out.append(t.text());
                case Element e -> appendText(e, out);
            }
        }
    }

    private static void requireDetached(Node node) {
        Objects.requireNonNull(node, "child");
        if (node.parent != null || node.owner != null) {
            throw new IllegalArgumentException("The node " + node + " is already part of a tree; copy() it first.");
        }
    }

    private static void requireNoParent(Node node) {
        if (node.parent != null) {
            throw new IllegalArgumentException("The node " + node + " already has a parent; copy() it first.");
        }
    }

    private static Attribute requireAttribute(Attribute a) {
        if (!Names.isAttributeName(a.name())) {
            throw new IllegalArgumentException("'" + a.name() + "' is not a valid lowercase attribute name.");
        }
        return a;
    }

    private static String requireTagName(String name) {
        Objects.requireNonNull(name, "name");
        if (!Names.isTagName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid lowercase tag name.");
        }
        return name;
    }
}

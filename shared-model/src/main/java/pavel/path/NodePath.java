package pavel.path;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import pavel.model.AmbiguousPathException;
import pavel.model.Document;
import pavel.model.Element;
import pavel.model.NoSuchNodeException;
import pavel.model.Node;

/**
 * An address of nodes in a document, in the XPath 1.0 subset of DESIGN.md: it selects exactly what XPath selects.
 *
 * <pre>{@code
 * NodePath path = NodePath.parse("/body/div%5B2%5D");   // percent-escapes are decoded
 * path.toString();                                       // "/body/div[2]"
 * path.toUriString();                                    // "/body/div%5B2%5D"
 * Element div = path.expectElement(doc);                 // 404 when none, 409 when several
 * List<Match> all = NodePath.parse("//li/@class").select(doc);
 * }</pre>
 *
 * Immutable and thread-safe; equal paths have equal canonical forms.
 */
public final class NodePath {
    /** {@code /}: the document itself. */
    public static final NodePath ROOT = new NodePath(List.of(), null);

    private final List<Step> steps;
    private final @Nullable Leaf leaf;

    /** A path from steps and an optional leaf; a leaf needs at least one step. */
    public NodePath(List<Step> steps, @Nullable Leaf leaf) {
        this.steps = List.copyOf(steps);
        this.leaf = leaf;
        if (leaf != null && steps.isEmpty()) {
            throw new IllegalArgumentException("A leaf (" + leaf + ") needs a step before it.");
        }
    }

    /**
     * Parses a node path, percent-encoded or not.
     *
     * @throws PathSyntaxException (400) saying what was expected and at which character
     */
    @JsonCreator
    public static NodePath parse(String path) {
        return NodePathParser.parse(Objects.requireNonNull(path, "path"));
    }

    public List<Step> steps() {
        return steps;
    }

    /** The attribute or text leaf, or null when the path selects elements (or is {@link #ROOT}). */
    public @Nullable Leaf leaf() {
        return leaf;
    }

    public boolean isRoot() {
        return steps.isEmpty();
    }

    /** This path without its leaf: the element(s) that own the attribute or text. */
    public NodePath withoutLeaf() {
        return leaf == null ? this : new NodePath(steps, null);
    }

    /** A path with one more step: the parent path of a created node plus its name and position. */
    public NodePath child(String name, int position) {
        List<Step> more = new java.util.ArrayList<>(steps);
        more.add(new Step(false, name, List.of(new Predicate.Position(position))));
        return new NodePath(more, null);
    }

    /**
     * The positional path of an element in its document: {@code /body/div[2]/p[1]}, each step the element's name
     * and its position among the siblings of that name. Names the element until a sibling of that name is inserted
     * before it.
     */
    public static NodePath of(Element element) {
        ArrayDeque<Element> chain = new ArrayDeque<>();
        for (Element e = element; e.parent() != null; e = e.parent()) {
            chain.push(e);
        }
        NodePath path = new NodePath(List.of(new Step(false, "body", List.of())), null);
        for (Element e : chain) {
            int position = 1;
            for (Node sibling : Objects.requireNonNull(e.parent()).children()) {
                if (sibling == e) {
                    break;
                }
                if (sibling instanceof Element other && other.name().equals(e.name())) {
                    position++;
                }
            }
            path = path.child(e.name(), position);
        }
        return path;
    }

    /** The elements the steps select, in document order (the leaf is ignored); {@link #ROOT} gives the body. */
    public List<Element> elements(Document document) {
        return isRoot() ? List.of(document.body()) : NodePathEvaluator.evaluate(document, steps);
    }

    /** Everything the path selects, in document order, exactly as XPath 1.0 would. */
    public List<Match> select(Document document) {
        return NodePathEvaluator.matches(elements(document), leaf);
    }

    /**
     * The one element the steps select (the owner, for a path with a leaf).
     *
     * @throws NoSuchNodeException (404) when none matches
     * @throws AmbiguousPathException (409) when several do
     */
    public Element expectElement(Document document) {
        List<Element> found = elements(document);
        if (found.isEmpty()) {
            throw new NoSuchNodeException("No node matches " + withoutLeaf() + " in the document at version "
                    + document.version() + ".");
        }
        if (found.size() > 1) {
            throw new AmbiguousPathException(withoutLeaf().toString(), found.size());
        }
        return found.getFirst();
    }

    /** The canonical form: no escapes but {@code %25} for a literal {@code %}; single quotes unless the value holds one. */
    @JsonValue
    @Override
    public String toString() {
        if (steps.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder();
        steps.forEach(out::append);
        if (leaf != null) {
            out.append('/').append(leaf);
        }
        return out.toString();
    }

    /** The canonical form for a URL path: {@code [ ] ' " %}, spaces, controls and non-ASCII percent-encoded. */
    public String toUriString() {
        StringBuilder out = new StringBuilder();
        String canonical = toString();
        for (int i = 0; i < canonical.length(); i++) {
            if (canonical.startsWith("%25", i)) {
                out.append("%25");
                i += 2;
                continue;
            }
            appendEncoded(canonical.charAt(i), canonical, i, out);
            if (Character.isHighSurrogate(canonical.charAt(i))) {
                i++;
            }
        }
        return out.toString();
    }

    private static void appendEncoded(char ch, String s, int i, StringBuilder out) {
        String unit = Character.isHighSurrogate(ch) && i + 1 < s.length() ? s.substring(i, i + 2) : String.valueOf(ch);
        for (byte b : unit.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~/@*()=:!$,;".indexOf(c) >= 0;
            if (plain) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodePath p && p.steps.equals(steps) && Objects.equals(p.leaf, leaf);
    }

    @Override
    public int hashCode() {
        return steps.hashCode() * 31 + Objects.hashCode(leaf);
    }
}

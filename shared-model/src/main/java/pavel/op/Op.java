package pavel.op;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;
import pavel.model.Document;
import pavel.model.DocumentException;
import pavel.model.Element;
import pavel.model.HtmlFragment;
import pavel.model.Node;
import pavel.path.Leaf;
import pavel.path.NodePath;

/**
 * One change to a document, addressed by a node path: what the REST API accepts and what replicas receive.
 *
 * <pre>{@code
 * OpRecord applied = new Op.Insert(NodePath.parse("/body"), Placement.APPEND, "<div id=\"a\">hi</div>")
 *         .applyTo(document);                     // version n -> n + 1
 * applied.applyTo(replica);                       // a replica at version n ends identical
 * }</pre>
 *
 * The paths of ops that change nodes must select exactly one element. Applying either changes the document and
 * advances its version by one, or throws a {@link DocumentException} and changes nothing.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Op.Replace.class, name = "replace"),
    @JsonSubTypes.Type(value = Op.Insert.class, name = "insert"),
    @JsonSubTypes.Type(value = Op.Remove.class, name = "remove"),
    @JsonSubTypes.Type(value = Op.Set.class, name = "set")
})
public sealed interface Op {

    /** The path this op addresses. */
    NodePath path();

    /** Replaces the selected element with the fragment; on {@code /} (or {@code /body}), the whole document. */
    record Replace(NodePath path, String html) implements Op {
        public Replace {
            requireNoLeaf(path, "replace");
            Objects.requireNonNull(html, "html");
        }
    }

    /** Inserts the fragment relative to the selected element. */
    record Insert(NodePath path, Placement at, String html) implements Op {
        public Insert {
            requireNoLeaf(path, "insert");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(html, "html");
        }
    }

    /** Removes the selected element, or the attribute of a {@code /@name} path. */
    record Remove(NodePath path) implements Op {
        public Remove {
            Objects.requireNonNull(path, "path");
            if (path.leaf() instanceof Leaf.TextLeaf) {
                throw new DocumentException(400, "Text is not removed by path; set " + path + " to \"\" instead.");
            }
        }
    }

    /** Sets the attribute of a {@code /@name} path, or replaces the element's text for a {@code /text()} path. */
    record Set(NodePath path, String value) implements Op {
        public Set {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(value, "value");
            if (path.leaf() == null) {
                throw new DocumentException(400, "Only an attribute (/@name) or text (/text()) is set by value, not "
                        + path + ".");
            }
        }
    }

    /**
     * Applies this op to {@code document}: version n becomes n + 1.
     *
     * @return the record to log and replicate: the canonical op (canonical path, sanitized canonical HTML)
     * @throws DocumentException with the status of the problem; the document is unchanged
     */
    default OpRecord applyTo(Document document) {
        long base = document.version();
        Op canonical = switch (this) {
            case Replace r -> replace(document, r);
            case Insert i -> insert(document, i);
            case Remove r -> {
                Element target = r.path().expectElement(document);
                if (r.path().leaf() instanceof Leaf.AttributeLeaf(String name)) {
                    document.removeAttribute(target, name);
                } else {
                    document.remove(target);
                }
                yield new Remove(r.path());
            }
            case Set s -> {
                Element target = s.path().expectElement(document);
                if (s.path().leaf() instanceof Leaf.AttributeLeaf(String name)) {
                    document.setAttribute(target, name, s.value());
                    yield new Set(s.path(), Objects.requireNonNull(target.attribute(name)));
                }
                document.setText(target, s.value());
                yield new Set(s.path(), target.textContent());
            }
        };
        document.advanceVersion();
        return new OpRecord(base, canonical, document.hashHex());
    }

    private static Op replace(Document document, Replace r) {
        Element target = r.path().isRoot() ? document.body() : r.path().expectElement(document);
        Element parent = target.parent();
        if (parent == null) {
            Element body = HtmlFragment.parseBody(r.html());
            document.replaceBody(body);
            return new Replace(NodePath.ROOT, body.outerHtml());
        }
        List<Node> nodes = HtmlFragment.parse(r.html(), parent.name());
        document.replace(target, nodes);
        return new Replace(r.path(), html(nodes));
    }

    private static Op insert(Document document, Insert i) {
        Element target = i.path().isRoot() ? document.body() : i.path().expectElement(document);
        Element parent = switch (i.at()) {
            case APPEND, FIRST -> target;
            case BEFORE, AFTER -> {
                Element p = target.parent();
                if (p == null) {
                    throw new DocumentException(400, "Nothing can be inserted " + i.at().wireName()
                            + " the <body>; insert first or append inside it.");
                }
                yield p;
            }
        };
        int at = switch (i.at()) {
            case APPEND -> target.childCount();
            case FIRST -> 0;
            case BEFORE -> target.siblingIndex();
            case AFTER -> target.siblingIndex() + 1;
        };
        List<Node> nodes = HtmlFragment.parse(i.html(), parent.name());
        document.insert(parent, at, nodes);
        return new Insert(i.path(), i.at(), html(nodes));
    }

    private static String html(List<Node> nodes) {
        StringBuilder out = new StringBuilder();
        for (Node node : nodes) {
            out.append(node.outerHtml());
        }
        return out.toString();
    }

    private static void requireNoLeaf(NodePath path, String op) {
        Objects.requireNonNull(path, "path");
        if (path.leaf() != null) {
            throw new DocumentException(400, "An op that can " + op + " needs an element path, not " + path
                    + "; set attributes and text by value.");
        }
    }
}

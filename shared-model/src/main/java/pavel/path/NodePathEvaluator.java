package pavel.path;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import pavel.model.Document;
import pavel.model.Element;
import pavel.model.Node;
import pavel.model.Text;

/**
 * Evaluates steps with XPath 1.0 semantics. Results are node-sets in document order.
 *
 * <p>A {@code //} step walks each context subtree once, in document order, so its results need no sorting; a step
 * whose first predicate is {@code [@id='…']} after {@code //} uses the document's id index instead of walking.
 */
final class NodePathEvaluator {
    private static final Comparator<Node> DOCUMENT_ORDER = NodePathEvaluator::compareDocumentOrder;

    private NodePathEvaluator() {
    }

    static List<Element> evaluate(Document document, List<Step> steps) {
        // null stands for the root node, whose only child is <body>.
        List<@Nullable Element> contexts = new ArrayList<>(1);
        contexts.add(null);
        boolean mayBeNested = false;
        for (Step step : steps) {
            if (contexts.isEmpty()) {
                return List.of();
            }
            List<Element> next;
            if (step.descendant()) {
                List<@Nullable Element> disjoint = prune(contexts);
                next = byId(document, step, disjoint);
                if (next == null) {
                    next = new ArrayList<>();
                    for (Element context : disjoint) {
                        if (context == null) {
                            Element body = document.body();
                            List<Element> top = filter(List.of(body), step);
                            next.addAll(top);
                            walk(body, step, next);
                        } else {
                            walk(context, step, next);
                        }
                    }
                }
                mayBeNested = true;
            } else {
                next = new ArrayList<>();
                for (Element context : contexts) {
                    next.addAll(filter(context == null ? List.of(document.body()) : context.children(), step));
                }
                // Children of nested contexts interleave; without a // before, contexts are never nested.
                if (mayBeNested && prune(contexts).size() < contexts.size()) {
                    next.sort(DOCUMENT_ORDER);
                }
            }
            contexts = new ArrayList<>(next);
        }
        List<Element> result = new ArrayList<>(contexts.size());
        for (Element e : contexts) {
            result.add(e);
        }
        return result;
    }

    static List<Match> matches(List<Element> elements, @Nullable Leaf leaf) {
        List<Match> out = new ArrayList<>(elements.size());
        switch (leaf) {
            case null -> elements.forEach(e -> out.add(new Match.ElementMatch(e)));
            case Leaf.AttributeLeaf a -> {
                for (Element e : elements) {
                    String value = e.attribute(a.name());
                    if (value != null) {
                        out.add(new Match.AttributeMatch(e, a.name(), value));
                    }
                }
            }
            case Leaf.TextLeaf t -> {
                List<Text> texts = new ArrayList<>();
                for (Element e : elements) {
                    for (Node child : e.children()) {
                        if (child instanceof Text text) {
                            texts.add(text);
                        }
                    }
                }
                if (prune(new ArrayList<>(elements)).size() < elements.size()) {
                    texts.sort(DOCUMENT_ORDER);
                }
                texts.forEach(text -> out.add(new Match.TextMatch(text)));
            }
        }
        return out;
    }

    /** Appends, in document order, every element below {@code parent} that the step selects among its siblings. */
    private static void walk(Element parent, Step step, List<Element> out) {
        List<Element> passing = filter(parent.children(), step);
        int next = 0;
        for (Node child : parent.children()) {
            if (child instanceof Element e) {
                if (next < passing.size() && passing.get(next) == e) {
                    out.add(e);
                    next++;
                }
                if (e.childCount() > 0) {
                    walk(e, step, out);
                }
            }
        }
    }

    /** The children that pass the name test and then each predicate in turn. */
    private static List<Element> filter(List<? extends Node> children, Step step) {
        List<Predicate> predicates = step.predicates();
        List<Element> candidates;
        int from = 0;
        if (!predicates.isEmpty() && predicates.getFirst() instanceof Predicate.Position(int position)) {
            Element nth = nth(children, step, position);
            candidates = nth == null ? List.of() : List.of(nth);
            from = 1;
        } else if (!predicates.isEmpty() && predicates.getFirst() instanceof Predicate.Last) {
            Element last = last(children, step);
            candidates = last == null ? List.of() : List.of(last);
            from = 1;
        } else {
            candidates = new ArrayList<>();
            for (Node child : children) {
                if (child instanceof Element e && nameMatches(step, e)) {
                    candidates.add(e);
                }
            }
        }
        return applyPredicates(candidates, predicates, from);
    }

    private static List<Element> applyPredicates(List<Element> candidates, List<Predicate> predicates, int from) {
        for (int i = from; i < predicates.size() && !candidates.isEmpty(); i++) {
            candidates = switch (predicates.get(i)) {
                case Predicate.Position(int position) ->
                        position <= candidates.size() ? List.of(candidates.get(position - 1)) : List.of();
                case Predicate.Last() -> List.of(candidates.getLast());
                case Predicate.AttributeEquals(String name, String value) -> {
                    List<Element> kept = new ArrayList<>(candidates.size());
                    for (Element e : candidates) {
                        if (value.equals(e.attribute(name))) {
                            kept.add(e);
                        }
                    }
                    yield kept;
                }
            };
        }
        return candidates;
    }

    private static @Nullable Element nth(List<? extends Node> children, Step step, int position) {
        int seen = 0;
        for (Node child : children) {
            if (child instanceof Element e && nameMatches(step, e) && ++seen == position) {
                return e;
            }
        }
        return null;
    }

    private static @Nullable Element last(List<? extends Node> children, Step step) {
        for (int i = children.size() - 1; i >= 0; i--) {
            if (children.get(i) instanceof Element e && nameMatches(step, e)) {
                return e;
            }
        }
        return null;
    }

    private static boolean nameMatches(Step step, Element e) {
        return step.anyName() || step.name().equals(e.name());
    }

    /**
     * {@code //name[@id='x']…} through the id index: the candidates are the elements with that id below a context,
     * grouped by parent so that later positional predicates count among siblings, as XPath does. Null when the step
     * does not start with an id predicate.
     */
    private static @Nullable List<Element> byId(Document document, Step step, List<@Nullable Element> contexts) {
        if (step.predicates().isEmpty()
                || !(step.predicates().getFirst() instanceof Predicate.AttributeEquals(String name, String value))
                || !name.equals("id")) {
            return null;
        }
        boolean fromRoot = contexts.size() == 1 && contexts.getFirst() == null;
        Set<Element> within = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Element context : contexts) {
            if (context != null) {
                within.add(context);
            }
        }
        Map<@Nullable Element, List<Element>> byParent = new IdentityHashMap<>();
        for (Element e : document.elementsWithId(value)) {
            if (nameMatches(step, e) && (fromRoot || hasAncestorIn(e, within))) {
                byParent.computeIfAbsent(e.parent(), p -> new ArrayList<>(1)).add(e);
            }
        }
        List<Element> out = new ArrayList<>();
        for (List<Element> siblings : byParent.values()) {
            siblings.sort(Comparator.comparingInt(Node::siblingIndex));
            out.addAll(applyPredicates(siblings, step.predicates(), 1));
        }
        out.sort(DOCUMENT_ORDER);
        return out;
    }

    private static boolean hasAncestorIn(Element e, Set<Element> contexts) {
        for (Element a = e.parent(); a != null; a = a.parent()) {
            if (contexts.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** Drops every context inside an earlier one: their subtrees are already walked. Contexts are in document order. */
    private static List<@Nullable Element> prune(List<@Nullable Element> contexts) {
        if (contexts.size() < 2) {
            return contexts;
        }
        List<@Nullable Element> kept = new ArrayList<>(contexts.size());
        Element last = null;
        for (Element context : contexts) {
            if (context == null) {
                return List.of((Element) null);
            }
            if (last == null || !isAncestor(last, context)) {
                kept.add(context);
                last = context;
            }
        }
        return kept;
    }

    private static boolean isAncestor(Element ancestor, Node node) {
        for (Element a = node.parent(); a != null; a = a.parent()) {
            if (a == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static int compareDocumentOrder(Node a, Node b) {
        if (a == b) {
            return 0;
        }
        int[] pa = indexPath(a);
        int[] pb = indexPath(b);
        int n = Math.min(pa.length, pb.length);
        for (int i = 0; i < n; i++) {
            if (pa[i] != pb[i]) {
                return Integer.compare(pa[i], pb[i]);
            }
        }
        return Integer.compare(pa.length, pb.length);
    }

    private static int[] indexPath(Node node) {
        int depth = 0;
        for (Node n = node; n.parent() != null; n = n.parent()) {
            depth++;
        }
        int[] path = new int[depth];
        Node n = node;
        for (int i = depth - 1; i >= 0; i--) {
            path[i] = n.siblingIndex();
            n = n.parent();
        }
        return path;
    }
}

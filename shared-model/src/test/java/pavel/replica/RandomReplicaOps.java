package pavel.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import pavel.model.Document;
import pavel.model.Element;
import pavel.model.Node;
import pavel.model.RandomDocuments;
import pavel.op.Op;
import pavel.op.Placement;
import pavel.path.NodePath;

/**
 * Seeded ops against a document, addressed the ways the server addresses them (positional paths, ids, the odd
 * {@code //name} that selects several): mostly valid, some that the server's document refuses.
 */
final class RandomReplicaOps {
    private static final List<String> ATTRIBUTES = List.of("id", "class", "title", "data-n", "type", "href", "onclick");

    private RandomReplicaOps() {
    }

    static Op op(Random random, Document doc) {
        List<Element> elements = elements(doc.body());
        Element target = elements.get(random.nextInt(elements.size()));
        String id = target.attribute("id");
        NodePath path = random.nextInt(20) == 0 ? NodePath.parse("//" + RandomDocuments.NAMES.get(random.nextInt(4)))
                : quotable(id) && random.nextBoolean() ? NodePath.parse("//*[@id=" + quote(id) + "]")
                : pathTo(target);
        return switch (random.nextInt(9)) {
            case 0 -> new Op.Replace(random.nextInt(10) == 0 ? NodePath.ROOT : path, html(random));
            case 1, 2 -> new Op.Insert(path, Placement.values()[random.nextInt(4)], html(random));
            case 3 -> new Op.Remove(path);
            case 4, 5 -> new Op.Set(NodePath.parse(path + "/@" + ATTRIBUTES.get(random.nextInt(ATTRIBUTES.size()))),
                    random.nextInt(8) == 0 ? "javascript:alert(1)" : RandomDocuments.text(random));
            case 6 -> new Op.Remove(NodePath.parse(path + "/@" + ATTRIBUTES.get(random.nextInt(3))));
            default -> new Op.Set(NodePath.parse(path + "/text()"), random.nextInt(6) == 0 ? "" : RandomDocuments.text(random));
        };
    }

    private static String html(Random random) {
        return RandomDocuments.html(random, 1 + random.nextInt(6));
    }

    /** Every element, breadth first, the body first. */
    static List<Element> elements(Element root) {
        List<Element> out = new ArrayList<>();
        out.add(root);
        for (int i = 0; i < out.size(); i++) {
            for (Node child : out.get(i).children()) {
                if (child instanceof Element e) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** A positional path to {@code e}: {@code /body/div[2]/span[1]}. */
    static NodePath pathTo(Element e) {
        Element parent = e.parent();
        if (parent == null) {
            return NodePath.parse("/body");
        }
        int position = 1;
        for (int i = 0; i < e.siblingIndex(); i++) {
            if (parent.child(i) instanceof Element sibling && sibling.name().equals(e.name())) {
                position++;
            }
        }
        return pathTo(parent).child(e.name(), position);
    }

    private static boolean quotable(@Nullable String id) {
        return id != null && !(id.contains("'") && id.contains("\""));
    }

    private static String quote(String value) {
        return value.contains("'") ? "\"" + value + "\"" : "'" + value + "'";
    }
}

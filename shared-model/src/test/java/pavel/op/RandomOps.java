package pavel.op;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import pavel.model.Document;
import org.jspecify.annotations.Nullable;
import pavel.model.Element;
import pavel.model.Node;
import pavel.model.RandomDocuments;
import pavel.path.NodePath;

/** Seeded ops against a document: mostly valid targets, some that cannot apply. Shared by the op and replica tests. */
public final class RandomOps {
    private static final List<String> ATTRIBUTES = List.of("id", "class", "title", "data-n", "type", "href", "onclick");

    private RandomOps() {
    }

    public static Op op(Random random, Document doc) {
        List<Element> elements = elements(doc.body());
        Element target = elements.get(random.nextInt(elements.size()));
        NodePath path = random.nextInt(20) == 0 ? NodePath.parse("//" + RandomDocuments.NAMES.get(random.nextInt(4)))
                : quotable(target.attribute("id")) && random.nextBoolean()
                        ? NodePath.parse("//*[@id=" + quote(target.attribute("id")) + "]")
                        : NodePath.of(target);
        return switch (random.nextInt(9)) {
            case 0 -> new Op.Replace(random.nextInt(10) == 0 ? NodePath.ROOT : path, RandomDocuments.html(random, 1 + random.nextInt(6)));
            case 1, 2 -> new Op.Insert(path, Placement.values()[random.nextInt(4)], RandomDocuments.html(random, 1 + random.nextInt(6)));
            case 3 -> new Op.Remove(path);
            case 4, 5 -> new Op.Set(NodePath.parse(path + "/@" + ATTRIBUTES.get(random.nextInt(ATTRIBUTES.size()))),
                    random.nextInt(8) == 0 ? "javascript:alert(1)" : random.nextInt(8) == 0 ? "hidden" : RandomDocuments.text(random));
            case 6 -> new Op.Remove(NodePath.parse(path + "/@" + ATTRIBUTES.get(random.nextInt(3))));
            default -> new Op.Set(NodePath.parse(path + "/text()"), random.nextInt(6) == 0 ? "" : RandomDocuments.text(random));
        };
    }

    /** Every element, breadth first, the body first. */
    public static List<Element> elements(Element root) {
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

    private static boolean quotable(@Nullable String id) {
        return id != null && !(id.contains("'") && id.contains("\""));
    }

    private static String quote(String value) {
        return value.contains("'") ? "\"" + value + "\"" : "'" + value + "'";
    }
}

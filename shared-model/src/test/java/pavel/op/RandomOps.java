package pavel.op;

import java.util.List;
import java.util.Random;
import pavel.model.Document;
import pavel.model.Element;
import pavel.model.RandomDocuments;
import pavel.path.NodePath;

/** Seeded ops against a document: mostly valid targets, some that cannot apply. */
final class RandomOps {
    private static final List<String> ATTRIBUTES = List.of("id", "class", "title", "data-n", "type", "href", "onclick");

    private RandomOps() {
    }

    static Op op(Random random, Document doc) {
        List<Element> elements = OpReplayPropertyTest.elements(doc.body());
        Element target = elements.get(random.nextInt(elements.size()));
        NodePath path = random.nextInt(20) == 0 ? NodePath.parse("//" + RandomDocuments.NAMES.get(random.nextInt(4)))
                : quotable(target.attribute("id")) && random.nextBoolean()
                        ? NodePath.parse("//*[@id=" + quote(target.attribute("id")) + "]")
                        : OpReplayPropertyTest.pathTo(target);
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

    private static boolean quotable(@org.jspecify.annotations.Nullable String id) {
        return id != null && !(id.contains("'") && id.contains("\""));
    }

    private static String quote(String value) {
        return value.contains("'") ? "\"" + value + "\"" : "'" + value + "'";
    }
}

package pavel.bench;

import java.util.ArrayList;
import java.util.List;
import pavel.model.Element;
import pavel.model.Node;

/**
 * Prints the shape of each benchmark document and its targets, after {@link BenchDocument#verify()} has checked
 * that Pavel's node paths and the JDK's XPath select the same single element for each path.
 *
 * <pre>{@code
 * java -cp "bench/target/classes:bench/target/lib/*" pavel.bench.BenchDocumentCheck [sizes…] [--seed n]
 * }</pre>
 */
public final class BenchDocumentCheck {
    private BenchDocumentCheck() {
    }

    public static void main(String[] args) {
        long seed = BenchDocument.SEED;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seed") && i + 1 < args.length) {
                seed = Long.parseLong(args[++i]);
            } else {
                sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1_000, 10_000, 100_000);
        }
        for (int size : sizes) {
            BenchDocument document = BenchDocument.create(size, seed);
            document.verify();
            Shape shape = new Shape();
            shape.walk(document.pavel().body(), 0);
            System.out.printf("%,d nodes asked, %,d made: %,d elements (%,d with an id), %,d texts; depth %d "
                    + "(mean leaf depth %.1f); mean fan-out of elements with element children %.1f (max %d)%n",
                    size, document.pavel().nodeCount(), shape.elements, shape.ids, shape.texts, shape.maxDepth,
                    (double) shape.leafDepths / shape.leaves, (double) shape.fanOutSum / shape.parents,
                    shape.maxFanOut);
            System.out.printf("  id path %s (depth %d)%n  positional path %s%n  leaf %s -> %s%n  verified: both "
                    + "engines select exactly the intended element for each path%n", document.idPath(),
                    depth(document.deep()), document.positionalPath(), document.leafPath(),
                    document.leaf().outerHtml());
        }
    }

    private static int depth(Element e) {
        int depth = 0;
        for (Element p = e.parent(); p != null; p = p.parent()) {
            depth++;
        }
        return depth;
    }

    /** Counts over a tree; depth counts element levels below the body. */
    private static final class Shape {
        int elements;
        int ids;
        int texts;
        int maxDepth;
        long leafDepths;
        int leaves;
        long fanOutSum;
        int parents;
        int maxFanOut;

        void walk(Element e, int depth) {
            elements++;
            ids += e.hasAttribute("id") ? 1 : 0;
            maxDepth = Math.max(maxDepth, depth);
            int elementChildren = 0;
            for (Node child : e.children()) {
                if (child instanceof Element c) {
                    elementChildren++;
                    walk(c, depth + 1);
                } else {
                    texts++;
                }
            }
            if (elementChildren > 0) {
                fanOutSum += e.childCount();
                parents++;
                maxFanOut = Math.max(maxFanOut, e.childCount());
            } else {
                leafDepths += depth;
                leaves++;
            }
        }
    }
}

package pavel.path;

import java.util.Random;
import pavel.model.RandomDocuments;

/** Seeded node paths drawn from the whole grammar, over the vocabulary of {@link RandomDocuments}. */
final class RandomPaths {
    private RandomPaths() {
    }

    static String path(Random random) {
        StringBuilder out = new StringBuilder();
        int steps = 1 + random.nextInt(3);
        for (int i = 0; i < steps; i++) {
            boolean descendant = random.nextInt(5) < 2;
            out.append(descendant ? "//" : "/");
            out.append(i == 0 && !descendant && random.nextInt(10) > 0 ? "body" : name(random));
            int predicates = random.nextInt(10) < 6 ? 0 : random.nextInt(4) == 0 ? 2 : 1;
            for (int p = 0; p < predicates; p++) {
                out.append(predicate(random));
            }
        }
        int leaf = random.nextInt(10);
        if (leaf == 0) {
            out.append("/text()");
        } else if (leaf == 1) {
            out.append("/@").append(attribute(random));
        }
        return out.toString();
    }

    private static String name(Random random) {
        int n = random.nextInt(20);
        if (n < 6) {
            return "*";
        }
        return n == 6 ? "nav" : RandomDocuments.NAMES.get(random.nextInt(RandomDocuments.NAMES.size()));
    }

    private static String predicate(Random random) {
        return switch (random.nextInt(5)) {
            case 0, 1 -> "[" + (1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 4)) + "]";
            case 2 -> "[last()]";
            default -> {
                String name = attribute(random);
                String value = switch (name) {
                    case "id" -> RandomDocuments.IDS.get(random.nextInt(RandomDocuments.IDS.size()));
                    case "class" -> RandomDocuments.CLASSES.get(random.nextInt(RandomDocuments.CLASSES.size()));
                    default -> Integer.toString(random.nextInt(3));
                };
                char quote = value.contains("'") ? '"' : value.contains("\"") ? '\'' : random.nextBoolean() ? '\'' : '"';
                yield "[@" + name + "=" + quote + value + quote + "]";
            }
        };
    }

    private static String attribute(Random random) {
        return switch (random.nextInt(4)) {
            case 0, 1 -> "id";
            case 2 -> "class";
            default -> "data-n";
        };
    }
}

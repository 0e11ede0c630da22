package pavel.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;
import pavel.model.Document;
import pavel.model.RandomDocuments;
import pavel.model.TimeBound;

/**
 * Arbitrary strings give a {@link NodePath} or a {@link PathSyntaxException}, never another exception, in bounded
 * time; every accepted path prints a canonical form that parses back to it and evaluates without error.
 */
class NodePathFuzzTest {
    private static final String[] PIECES = {"/", "//", "[", "]", "@", "'", "\"", "*", "%", "%5B", "%5D", "%27", "%2", "%C3",
            "%A9", "%FF", "text()", "last()", "(", ")", " ", "=", "body", "div", "id", "1", "0", "9999999999", "é", "-",
            ".", ":", "_", "\n", "\0", "😀", "x"};

    @Test
    void randomStringsParseOrFailWithTheDocumentedError() {
        Random random = new Random(Long.getLong("pavel.test.seed", 5L));
        Document doc = new Document(RandomDocuments.tree(random, 4, 4), 0);
        int parsed = 0;
        int total = 50_000 * RandomDocuments.scale();
        for (int i = 0; i < total; i++) {
            String text = random.nextBoolean() ? noise(random) : mutated(random);
            boolean[] accepted = new boolean[1];
            TimeBound.within(1_000_000_000L, () -> accepted[0] = check(text, doc), () -> "'" + printable(text) + "'");
            if (accepted[0]) {
                parsed++;
            }
        }
        assertTrue(parsed > total / 5, "only " + parsed + " inputs parsed; the generator is too noisy");
    }

    /** Parses {@code text} and checks what became of it; true when it was a path. */
    private static boolean check(String text, Document doc) {
        try {
            NodePath path = NodePath.parse(text);
            assertEquals(path, NodePath.parse(path.toString()), () -> printable(text) + " printed " + printable(path.toString()));
            assertEquals(path, NodePath.parse(path.toUriString()), () -> printable(text) + " as URI " + path.toUriString());
            path.select(doc);
            return true;
        } catch (PathSyntaxException e) {
            assertTrue(e.index() >= 0 && e.index() <= text.length(), () -> "index of " + e.getMessage());
            assertEquals(400, e.status());
            return false;
        } catch (RuntimeException e) {
            return fail("'" + text + "' threw " + e, e);
        }
    }

    /** Control characters spelled out, so that failure messages survive the XML report. */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(c < 0x20 || Character.isSurrogate((char) c) ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.toString();
    }

    private static String noise(Random random) {
        StringBuilder input = new StringBuilder();
        int n = random.nextInt(12);
        for (int k = 0; k < n; k++) {
            input.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return input.toString();
    }

    /** A valid path with a few pieces inserted, deleted or swapped. */
    private static String mutated(Random random) {
        StringBuilder path = new StringBuilder(random.nextBoolean() ? RandomPaths.path(random)
                : NodePath.parse(RandomPaths.path(random)).toUriString());
        for (int m = random.nextInt(3); m > 0 && !path.isEmpty(); m--) {
            int at = random.nextInt(path.length());
            switch (random.nextInt(3)) {
                case 0 -> path.insert(at, PIECES[random.nextInt(PIECES.length)]);
                case 1 -> path.deleteCharAt(at);
                default -> path.setCharAt(at, PIECES[random.nextInt(PIECES.length)].charAt(0));
            }
        }
        return path.toString();
    }

    @Test
    void longPathsAreBounded() {
        String longPath = "/body" + "//*[last()][@id='a']".repeat(5_000);
        Document doc = new Document(RandomDocuments.tree(new Random(1), 6, 5), 0);
        NodePath.parse(longPath).elements(doc);
        NodePath.parse("/" + "x".repeat(1_000_000));
    }
}

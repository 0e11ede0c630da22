package pavel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Arbitrary input to the fragment parser gives nodes or a {@link FragmentRefusedException}, never another exception
 * and never more than a bounded time; whatever it accepts survives writing and parsing.
 */
class FragmentFuzzTest {
    /** Linear in the input: a second, plus 20 µs per character (generous for a loaded 2-core machine). */
    private static long maxNanos(String input) {
        return 1_000_000_000L + 20_000L * input.length();
    }
    private static final String[] CONTEXTS = {"body", "div", "p", "ul", "table", "tbody", "tr", "td", "pre", "textarea",
            "select", "span", "a", "button", "h1"};
    private static final String ALPHABET = "<>/=\"' &;#!-?abcdiptrulhx1\n\t\u00a0é😀\0\r";
    private static final String[] TOKENS = {"<div>", "</div>", "<p>", "</p>", "<table>", "<tr>", "<td>", "</table>",
            "<script>", "</script>", "<!--", "-->", "<a href=\"", "javascript:", "\">", "<li>", "<ul>", "&amp;", "&#",
            "<b>", "</b>", "<img src=x onerror=", "<pre>\n", "<textarea>", "</textarea>", "<svg>", "<math>", "<![CDATA[",
            "<select>", "<option>", "<form>", "<button>", "<body class=x>", "<html>", "<head>", "<title>", "<style>",
            "<noscript>", "<template>", "<plaintext>", "<xmp>", "<iframe>", "\0", "\r\n", "<h1>", "<div id='a'>"};

    @Test
    void randomInputGivesNodesOrARefusal() {
        Random random = new Random(Long.getLong("pavel.test.seed", 99L));
        for (int i = 0; i < 4000 * RandomDocuments.scale(); i++) {
            StringBuilder input = new StringBuilder();
            int length = random.nextInt(i % 100 == 0 ? 5000 : 200);
            while (input.length() < length) {
                if (random.nextBoolean()) {
                    input.append(TOKENS[random.nextInt(TOKENS.length)]);
                } else {
                    input.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0,
                            random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
                }
            }
            check(input.toString(), CONTEXTS[random.nextInt(CONTEXTS.length)]);
        }
    }

    @Test
    void deepAndWideInputStaysBounded() {
        check("<div>".repeat(100_000), "body");
        check("<b>".repeat(50_000) + "x", "body");
        check("<table>".repeat(20_000), "body");
        check("<p>x</p>".repeat(50_000), "body");
        check("<a>".repeat(30_000), "body");
    }

    static Stream<Path> corpus() throws IOException {
        Path dir = Path.of("src/test/resources/fragments");
        return Files.list(dir).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void corpusInputsRoundTripOrAreRefused(Path file) throws IOException {
        String html = Files.readString(file, StandardCharsets.UTF_8);
        for (String context : CONTEXTS) {
            check(html, context);
        }
    }

    private static void check(String input, String context) {
        TimeBound.within(maxNanos(input), () -> parseAndRoundTrip(input, context), () -> abbreviate(input));
    }

    private static void parseAndRoundTrip(String input, String context) {
        try {
            List<Node> nodes = HtmlFragment.parse(input, context);
            Document doc = new Document();
            doc.replaceBody(new Element("body", List.of(), List.of(new Element("div"))));
            try {
                doc.insert((Element) doc.body().child(0), 0, nodes);
                Document reparsed = Document.parse(doc.outerHtml());
                assertTrue(reparsed.contentEquals(doc), () -> "round trip of " + abbreviate(input));
            } catch (FragmentRefusedException expected) {
                // Nodes that HTML parsing would move out of a <div> are refused there, and that is fine.
            }
        } catch (FragmentRefusedException expected) {
            assertTrue(!expected.refusals().isEmpty() && expected.status() == 422);
        } catch (RuntimeException | StackOverflowError e) {
            fail("Input in <" + context + "> threw " + e + ": " + abbreviate(input), e);
        }
        try {
            Document.parse(input);
        } catch (FragmentRefusedException expected) {
            assertEquals(422, expected.status());
        } catch (RuntimeException | StackOverflowError e) {
            fail("Document.parse threw " + e + ": " + abbreviate(input), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "… (" + s.length() + " chars)";
    }
}

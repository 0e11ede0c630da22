package pavel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlacementCheckTest {

    /**
     * The memory of proven shapes is sound only if placements with the same shape always get the same verdict
     * from the full check. Random documents, random places, random fragments: group by shape and compare.
     */
    @Test
    void placementsOfTheSameShapeGetTheSameVerdict() {
        Map<String, String> verdicts = new HashMap<>();
        Map<String, String> witnesses = new HashMap<>();
        long baseSeed = Long.getLong("pavel.test.seed", 17L);
        int shapes = 0;
        for (int i = 0; i < 3000 * RandomDocuments.scale(); i++) {
            long seed = baseSeed + i;
            Random random = new Random(seed);
            Document doc;
            try {
                doc = Document.parse(RandomDocuments.html(random, 10 + random.nextInt(30)));
            } catch (FragmentRefusedException e) {
                continue;
            }
            List<Element> elements = elements(doc.body());
            Element parent = elements.get(random.nextInt(elements.size()));
            if (parent.isVoid()) {
                continue;
            }
            List<Node> nodes;
            try {
                nodes = HtmlFragment.parse(RandomDocuments.html(random, 1 + random.nextInt(5)), parent.name());
            } catch (FragmentRefusedException e) {
                continue;
            }
            int at = random.nextInt(parent.childCount() + 1);
            String shape = PlacementCheck.shape(parent, at, nodes);
            if (shape == null) {
                continue;
            }
            String verdict;
            try {
                PlacementCheck.parseAndCompare(parent, at, nodes);
                verdict = "stays";
            } catch (FragmentRefusedException e) {
                verdict = "moves";
            }
            String witness = "seed " + seed + ": " + nodes + " into <" + parent.name() + "> at " + at;
            String earlier = verdicts.putIfAbsent(shape, verdict);
            if (earlier == null) {
                shapes++;
                witnesses.put(shape, witness);
            } else if (!earlier.equals(verdict)) {
                fail("Shape " + shape + " " + earlier + " for " + witnesses.get(shape) + " but " + verdict + " for "
                        + witness);
            }
        }
        assertTrue(shapes > 500, "only " + shapes + " distinct shapes");
    }

    @Test
    void valuesThatParsingChangesAreNeverRemembered() {
        Element div = new Element("div");
        assertNull(PlacementCheck.shape(div, 0, List.of(new Text("a\rb"))));
        assertNull(PlacementCheck.shape(div, 0, List.of(new Element("p", List.of(new Attribute("title", "\0")), List.of()))));
        assertNull(PlacementCheck.shape(div, 0, List.of(new Text("half \ud83d"))));
        assertEquals(PlacementCheck.shape(div, 0, List.of(new Text("😀"))), PlacementCheck.shape(div, 0, List.of(new Text("x"))));
    }

    @Test
    void aRememberedShapeStillRefusesWhatMoves() {
        Document doc = Document.parse("<p>a</p><table><tbody><tr><td>x</td></tr></tbody></table>");
        Element p = (Element) doc.body().child(0);
        doc.insert(p, 1, HtmlFragment.parse("<b>fine</b>", "p"));
        doc.insert(p, 1, HtmlFragment.parse("<b>fine again</b>", "p"));
        assertThrows(FragmentRefusedException.class, () -> doc.insert(p, 0, HtmlFragment.parse("<div>no</div>", "p")));
        Element tr = (Element) ((Element) ((Element) doc.body().child(1)).child(0)).child(0);
        assertThrows(FragmentRefusedException.class, () -> doc.insert(tr, 0, List.of(new Text("foster"))));
        doc.insert(tr, 0, List.of(new Text("  ")));
        assertThrows(FragmentRefusedException.class, () -> doc.insert(tr, 0, List.of(new Text("x"))));
    }

    private static List<Element> elements(Element root) {
        List<Element> out = new ArrayList<>(List.of(root));
        for (int i = 0; i < out.size(); i++) {
            for (Node child : out.get(i).children()) {
                if (child instanceof Element e) {
                    out.add(e);
                }
            }
        }
        return out;
    }
}

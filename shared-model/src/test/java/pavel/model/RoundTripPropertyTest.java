package pavel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code parse(serialize(doc))} equals {@code doc} for every document the model holds. */
class RoundTripPropertyTest {

    @Test
    void parsedDocumentsSurviveWritingAndParsing() {
        long baseSeed = Long.getLong("pavel.test.seed", 11L);
        int kept = 0;
        int total = 3000 * RandomDocuments.scale();
        for (int i = 0; i < total; i++) {
            long seed = baseSeed + i;
            String html = RandomDocuments.html(new Random(seed), 1 + (int) (seed % 60));
            Document doc;
            try {
                doc = Document.parse(html);
            } catch (FragmentRefusedException e) {
                continue;
            }
            kept++;
            String written = doc.outerHtml();
            Document again = Document.parse(written);
            if (!again.contentEquals(doc)) {
                fail("seed " + seed + ": " + html + "\nwritten:  " + written + "\nreparsed: " + again.outerHtml());
            }
            assertEquals(written, again.outerHtml(), () -> "seed " + seed + ": canonical HTML is not stable");
            assertEquals(doc.hashHex(), again.hashHex());
        }
        assertTrue(kept > total * 9 / 10, "only " + kept + " of " + total + " random documents parsed");
    }

    @Test
    void constructedTreesSurviveWhenTheyAreValidHtml() {
        // Trees built with constructors may nest what HTML cannot; those that pass the placement check round-trip.
        long baseSeed = Long.getLong("pavel.test.seed", 13L);
        for (int i = 0; i < 2000 * RandomDocuments.scale(); i++) {
            long seed = baseSeed + i;
            Document doc = new Document(RandomDocuments.tree(new Random(seed), 4, 4), 0);
            Document reparsed;
            try {
                reparsed = Document.parse(doc.outerHtml());
            } catch (FragmentRefusedException e) {
                continue;
            }
            assertEquals(reparsed.outerHtml(), Document.parse(reparsed.outerHtml()).outerHtml(), () -> "seed " + seed);
        }
    }
}

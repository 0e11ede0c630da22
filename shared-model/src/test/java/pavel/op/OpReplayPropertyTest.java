package pavel.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import pavel.model.Document;
import pavel.model.DocumentException;
import pavel.model.Element;
import pavel.model.FragmentRefusedException;
import pavel.model.RandomDocuments;

/**
 * Random op sequences on random documents: every applied op's record, sent through JSON to a replica at the same
 * base version, gives an identical document; a refused op changes nothing; the incrementally kept hash always
 * equals a hash computed from scratch; and the document always survives writing and parsing as HTML.
 */
class OpReplayPropertyTest {
    private static final int SEQUENCES = 150;
    private static final int OPS_PER_SEQUENCE = 40;

    @Test
    void replicasApplyingTheRecordsEndIdentical() {
        long baseSeed = Long.getLong("pavel.test.seed", 7L);
        int applied = 0;
        int refused = 0;
        for (int s = 0; s < SEQUENCES * RandomDocuments.scale(); s++) {
            long seed = baseSeed + s;
            Random random = new Random(seed);
            Document original;
            try {
                original = Document.parse(RandomDocuments.html(random, 5 + random.nextInt(30)));
            } catch (FragmentRefusedException e) {
                continue; // a tree HTML parsing would not build again (RoundTripPropertyTest covers these)
            }
            Document replica = Document.parse(original.outerHtml());
            for (int i = 0; i < OPS_PER_SEQUENCE; i++) {
                Op op = RandomOps.op(random, original);
                String before = original.outerHtml();
                long version = original.version();
                OpRecord record;
                try {
                    record = op.applyTo(original);
                } catch (DocumentException e) {
                    refused++;
                    assertEquals(before, original.outerHtml(), () -> "seed " + seed + ": refused " + op + " changed the document");
                    assertEquals(version, original.version(), () -> "seed " + seed + ": refused op moved the version");
                    checkInvariants(original, seed, op);
                    continue;
                }
                applied++;
                OpRecord wire = OpRecord.fromJson(record.toJson());
                assertEquals(record, wire, () -> "seed " + seed + ": JSON round trip of " + record.toJson());
                try {
                    assertTrue(wire.applyTo(replica));
                } catch (DocumentException e) {
                    fail("seed " + seed + " (rerun with -Dpavel.test.seed=" + seed + "): replica refused " + record.toJson()
                            + " at " + replica.outerHtml() + ": " + e.getMessage(), e);
                }
                assertEquals(original.hashHex(), replica.hashHex(), () -> "seed " + seed + ": hash after " + record.toJson());
                assertTrue(original.contentEquals(replica), () -> "seed " + seed + ": content after " + record.toJson());
                assertEquals(original.version(), replica.version());
                checkInvariants(original, seed, op);
            }
        }
        assertTrue(applied > SEQUENCES * OPS_PER_SEQUENCE * RandomDocuments.scale() / 2,
                "only " + applied + " ops applied, " + refused + " refused");
    }

    private static void checkInvariants(Document doc, long seed, Op last) {
        Document fresh = new Document(doc.body().copy(), doc.version());
        assertEquals(fresh.hashHex(), doc.hashHex(), () -> "seed " + seed + ": incremental hash is stale after " + last);
        assertEquals(fresh.nodeCount(), doc.nodeCount(), () -> "seed " + seed + ": node count after " + last);
        for (Element e : RandomOps.elements(doc.body())) {
            String id = e.attribute("id");
            if (id != null) {
                assertTrue(doc.elementsWithId(id).stream().anyMatch(x -> x == e), () -> "seed " + seed + ": id index");
            }
        }
        Document reparsed;
        try {
            reparsed = Document.parse(doc.outerHtml());
        } catch (DocumentException e) {
            throw new AssertionError("seed " + seed + ": the document no longer parses after " + last + ": "
                    + doc.outerHtml(), e);
        }
        assertTrue(reparsed.contentEquals(doc), () -> "seed " + seed + ": round trip after " + last + "\n"
                + doc.outerHtml() + "\n" + reparsed.outerHtml());
    }
}

package pavel.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;
import pavel.model.DocumentException;

/**
 * Mutated request targets through {@link DocRequest#parse}: each is a request whose target writes back to a target
 * that parses to the same request, or a {@link DocumentException} with a 4xx status; nothing else escapes.
 */
class DocRequestFuzzTest {
    private static final String[] SEEDS = {
        "/doc/main/", "/doc/main/body/div%5B2%5D", "/doc/lab//*[@id='a']/@class", "/doc/main/body?at=first",
        "/doc/main/body/p/text()", "/doc/a.b-c_d/body/ul/li[last()]?at=after&x=1", "/doc/main", "/doc/%6Dain/body",
    };
    private static final String ALPHABET = "/[]@'\"*()=%?&-_.~:#abcdefmnp0123456789 \u00e9\u0000";
    private static final String[] METHODS = {"GET", "PUT", "POST", "DELETE", "PATCH"};

    @Test
    void mutatedTargetsParseOrFailWithAStatus() {
        long seed = Long.getLong("pavel.test.seed", 99L);
        Random random = new Random(seed);
        for (int i = 0, n = 20_000 * Integer.getInteger("pavel.test.scale", 1); i < n; i++) {
            StringBuilder uri = new StringBuilder(SEEDS[random.nextInt(SEEDS.length)]);
            for (int edits = random.nextInt(4); edits > 0; edits--) {
                int at = random.nextInt(uri.length() + 1);
                if (random.nextBoolean() || at == uri.length()) {
                    uri.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                } else {
                    uri.deleteCharAt(at);
                }
            }
            String method = METHODS[random.nextInt(METHODS.length)];
            try {
                DocRequest request = DocRequest.parse(method, uri.toString(), "");
                assertEquals(request, DocRequest.parse(method, request.uri(), ""), "round trip of " + uri);
            } catch (DocumentException e) {
                if (e.status() < 400 || e.status() > 499) {
                    fail("case " + i + " (-Dpavel.test.seed=" + seed + "): " + uri + " gave " + e.status());
                }
            } catch (RuntimeException e) {
                throw new AssertionError("case " + i + " (-Dpavel.test.seed=" + seed + "): " + method + " " + uri, e);
            }
        }
    }
}

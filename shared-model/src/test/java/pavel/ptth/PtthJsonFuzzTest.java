package pavel.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import pavel.model.RandomDocuments;

/**
 * Arbitrary poll bodies give messages or a {@link PtthFormatException} (400), never another exception; whatever is
 * accepted writes back to JSON that reads as the same messages.
 */
class PtthJsonFuzzTest {
    private static final List<String> SEEDS = List.of(
            "{\"message-id\":\"m-0001\",\"http-version\":\"PTTH/1.0\",\"status\":200,\"reason\":\"OK\","
                    + "\"headers\":[[\"Content-Type\",\"text/plain\"]],\"body\":\"Good\"}",
            "{\"message-id\":\"m-0002\",\"method\":\"PUT\",\"request-uri\":\"/ui/widget/42\",\"http-version\":\"PTTH/1.0\","
                    + "\"headers\":[[\"Host\",\"\"],[\"Content-Type\",\"application/json; charset=utf-8\"]],"
                    + "\"body\":\"{\\\"text\\\":\\\"h\\u00e9llo\\\"}\"}",
            "[{\"message-id\":\"a\",\"status\":204,\"headers\":[],\"body\":\"\"},{\"message-id\":\"b\",\"status\":404,"
                    + "\"headers\":[[\"X\",\"y\"]],\"body\":\"no\"}]",
            "{}");
    private static final String[] PIECES = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\\u00", "\\r\\n", "null", "true",
            "-1", "1e999", "200", "\"status\"", "\"message-id\"", "\"headers\"", "\"body\"", "\u0000", "é", "😀", "'", " "};

    @Test
    void mutatedBodiesParseOrFailWithA400() {
        Random random = new Random(Long.getLong("pavel.test.seed", 23L));
        int accepted = 0;
        int total = 20_000 * RandomDocuments.scale();
        for (int i = 0; i < total; i++) {
            StringBuilder body = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
            for (int m = 1 + random.nextInt(4); m > 0 && !body.isEmpty(); m--) {
                int at = random.nextInt(body.length());
                switch (random.nextInt(3)) {
                    case 0 -> body.insert(at, PIECES[random.nextInt(PIECES.length)]);
                    case 1 -> body.delete(at, Math.min(body.length(), at + 1 + random.nextInt(4)));
                    default -> body.setCharAt(at, PIECES[random.nextInt(PIECES.length)].charAt(0));
                }
            }
            String json = body.toString();
            accepted += check(json, true) + check(json, false);
        }
        assertTrue(accepted > total / 50, "only " + accepted + " mutated bodies were accepted; the mutations are too rough");
    }

    private static int check(String json, boolean responses) {
        try {
            if (responses) {
                List<ReverseResponse> read = PtthJson.readResponses(json);
                assertEquals(read, PtthJson.readResponses(PtthJson.writeResponses(read)), json);
                return 1;
            }
            List<ReverseRequest> read = PtthJson.readRequests(json);
            assertEquals(read, PtthJson.readRequests(PtthJson.writeRequests(read)), json);
            return 1;
        } catch (PtthFormatException e) {
            assertEquals(400, e.status());
            assertTrue(!e.getMessage().isBlank());
            return 0;
        } catch (RuntimeException e) {
            fail("'" + json + "' threw " + e, e);
            return 0;
        }
    }
}

package pavel.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pavel.model.Document;
import pavel.op.Op;
import pavel.op.Placement;
import pavel.path.NodePath;
import pavel.server.WorldExportImportTest.Run;
import pavel.server.store.ObjectStore.ObjectRow;
import pavel.server.store.ObjectStore.StoredBehaviour;
import pavel.server.store.ObjectStore.StoredLetter;
import pavel.server.store.ObjectStore.StoredObject;
import pavel.server.store.WorldContent;
import pavel.server.store.WorldJsonReader;
import pavel.server.store.WorldJsonWriter;
import pavel.server.store.WorldReader;

/**
 * Seeded random mutations of a valid export (truncations, values of another type, members removed, array items
 * doubled, numbers and strings changed, stray characters) through {@code pavel import}: every one ends in a clean
 * refusal (status 1, one sentence, the data directory not even created) or in an import of exactly what the file
 * says; never an exception trace, never half a world. {@code -Dpavel.test.seed=N} reruns a failure,
 * {@code -Dpavel.test.scale=N} runs N times as many cases.
 */
class WorldExportImportFuzzTest {

    private static final long SEED = Long.getLong("pavel.test.seed", 0x5EED_E1L);
    private static final int CASES = 400 * Integer.getInteger("pavel.test.scale", 1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path temp;

    /** A small world with something of everything: ops, several spaces, a prototype, behaviours, letters. */
    private static String validExport() throws IOException {
        Document main = Document.parse("<h1 id=\"t\">Main</h1><ul><li>a</li></ul>");
        new Op.Insert(NodePath.parse("/body/ul"), Placement.APPEND, "<li>b &amp; c</li>").applyTo(main);
        new Op.Insert(NodePath.parse("/body"), Placement.APPEND, "<p title=\"x\">é ✓</p>").applyTo(main);
        Map<String, Document> spaces = new TreeMap<>(Map.of("main", main, "lab", Document.parse("<p>lab</p>"),
                "empty", new Document()));
        List<StoredObject> objects = List.of(
                new StoredObject(new ObjectRow("counter", "{\"count\":2,\"price\":1.50,\"tags\":[\"a\"]}", null,
                        "ann", "<p>{{count}}</p>", T),
                        List.of(new StoredBehaviour(1, "on({type: 'inc'}, (m, s) => { s.state.count++; });", T),
                                new StoredBehaviour(2, "on({type: 'inc'}, (m, s) => { s.state.count += 2; });", T)),
                        List.of(new StoredLetter("a1", "{\"type\":\"reset\"}", T),
                                new StoredLetter("a2", "{\"type\":\"other\",\"n\":[1,2]}", T.plusSeconds(1)))),
                new StoredObject(new ObjectRow("child", "{}", "counter", null, null, T), List.of(),
                        List.of(new StoredLetter("b1", "{\"type\":\"later\"}", T))),
                new StoredObject(new ObjectRow("grandchild", "{\"x\":{\"y\":null}}", "child", null, null, T),
                        List.of(new StoredBehaviour(1, "", T)), List.of()));
        StringWriter out = new StringWriter();
        WorldJsonWriter.write(new WorldContent(new TreeMap<>(spaces), objects), T, "0.1.0-test", out);
        return out.toString();
    }

    @Test
    void everyMutatedExportIsRefusedWithASentenceOrImportedWhole() throws Exception {
        String valid = validExport();
        JsonNode tree = JSON.readTree(valid);
        Random random = new Random(SEED);
        int imported = 0;
        for (int i = 0; i < CASES; i++) {
            String mutated = mutate(valid, tree, random);
            String context = "case " + i + " (seed " + SEED + "): " + mutated;
            Path target = temp.resolve("case-" + i);
            Run run = WorldExportImportTest.pavel(mutated, "import", "--data", target.toString(), "-");
            if (run.status() == 0) {
                imported++;
                assertImportedAsWritten(mutated, target, context);
            } else {
                assertEquals(1, run.status(), context + "\n" + run.err());
                String err = run.err();
                assertTrue(err.startsWith("pavel: ") && err.indexOf('\n') == err.length() - 1, context + "\n" + err);
                assertFalse(err.contains("Exception") || err.contains("\tat "), context + "\n" + err);
                assertEquals("", run.out(), context);
                assertFalse(Files.exists(target), context + "\nthe refused import created " + target);
            }
        }
        assertTrue(imported > 0 && imported < CASES, imported + " of " + CASES + " mutated exports were imported;"
                + " the mutations are too gentle or too rough");
    }

    /** The world in {@code target} is the one the file describes, to the letter. */
    private static void assertImportedAsWritten(String file, Path target, String context) throws IOException {
        WorldContent expected = ((WorldJsonReader.Result.Accepted) WorldJsonReader.read(
                new ByteArrayInputStream(file.getBytes(UTF_8)))).world();
        WorldContent actual = WorldReader.read(target);
        assertEquals(expected.spaces().keySet(), actual.spaces().keySet(), context);
        expected.spaces().forEach((name, document) -> {
            assertEquals(document.version(), actual.spaces().get(name).version(), context);
            assertEquals(document.hashHex(), actual.spaces().get(name).hashHex(), context);
        });
        assertEquals(expected.objects(), actual.objects(), context);
    }

    // ---- mutations ----

    private static String mutate(String valid, JsonNode tree, Random random) throws IOException {
        return switch (random.nextInt(8)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length()));
            case 1 -> {
                StringBuilder text = new StringBuilder(valid);
                String[] pieces = {"{", "}", "[", "]", ",", ":", "\"", "\\", "null", "-", "1e999", "\u0000", "é"};
                text.insert(random.nextInt(text.length()), pieces[random.nextInt(pieces.length)]);
                yield text.toString();
            }
            default -> {
                JsonNode copy = tree.deepCopy();
                int mutations = 1 + random.nextInt(2);
                for (int m = 0; m < mutations; m++) {
                    mutateTree(copy, random);
                }
                yield JSON.writerWithDefaultPrettyPrinter().writeValueAsString(copy);
            }
        };
    }

    /** A place in the tree: a container and a member name or an index in it. */
    private record Slot(JsonNode container, String member, int index) {
        JsonNode value() {
            return container.isObject() ? container.get(member) : container.get(index);
        }

        void set(JsonNode value) {
            if (container instanceof ObjectNode object) {
                object.set(member, value);
            } else {
                ((ArrayNode) container).set(index, value);
            }
        }

        void remove() {
            if (container instanceof ObjectNode object) {
                object.remove(member);
            } else {
                ((ArrayNode) container).remove(index);
            }
        }
    }

    private static List<Slot> slots(JsonNode node, List<Slot> into) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(member -> {
                into.add(new Slot(object, member.getKey(), -1));
                slots(member.getValue(), into);
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                into.add(new Slot(array, "", i));
                slots(array.get(i), into);
            }
        }
        return into;
    }

    private static void mutateTree(JsonNode tree, Random random) {
        List<Slot> slots = slots(tree, new ArrayList<>());
        Slot slot = slots.get(random.nextInt(slots.size()));
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (random.nextInt(6)) {
            case 0 -> slot.remove();
            case 1 -> slot.set(switch (random.nextInt(9)) {
                case 0 -> nodes.textNode("x");
                case 1 -> nodes.numberNode(7);
                case 2 -> nodes.numberNode(-1);
                case 3 -> nodes.numberNode(2.5);
                case 4 -> nodes.booleanNode(true);
                case 5 -> nodes.nullNode();
                case 6 -> nodes.objectNode();
                case 7 -> nodes.arrayNode();
                default -> nodes.textNode("2025-06-01T00:00:00Z");
            });
            case 2 -> {
                if (slot.container() instanceof ArrayNode array) {
                    array.insert(slot.index(), slot.value().deepCopy()); // a doubled space, object, version, letter
                } else {
                    slot.remove();
                }
            }
            case 3 -> {
                JsonNode value = slot.value();
                if (value.isIntegralNumber()) {
                    slot.set(nodes.numberNode(value.longValue() + (random.nextBoolean() ? 1 : -1)));
                } else {
                    slot.set(nodes.numberNode(random.nextInt(5)));
                }
            }
            case 4 -> {
                JsonNode value = slot.value();
                String text = value.isTextual() ? value.textValue() : value.toString();
                int at = text.isEmpty() ? 0 : random.nextInt(text.length());
                String[] pieces = {"", "a", " ", "<", "<script>", "é", "-", "1", "\"", "}"};
                slot.set(nodes.textNode(text.substring(0, at) + pieces[random.nextInt(pieces.length)]
                        + text.substring(Math.min(text.length(), at + random.nextInt(2)))));
            }
            default -> {
                if (slot.container() instanceof ObjectNode object) {
                    object.put("extra", 1);
                } else {
                    slot.remove();
                }
            }
        }
    }
}

package pavel.server.store;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import pavel.model.Document;
import pavel.model.DocumentException;
import pavel.model.HtmlFragment;
import pavel.op.DocRequest;
import pavel.server.store.ObjectStore.ObjectRow;
import pavel.server.store.ObjectStore.StoredBehaviour;
import pavel.server.store.ObjectStore.StoredLetter;
import pavel.server.store.ObjectStore.StoredObject;

/**
 * Reads a world export ({@link WorldJson}) and checks all of it before anything is written: the format and its
 * version, every member an export writes present with its type (and nothing else), names, every space's HTML parsing
 * to a document with the hash it was exported with, states and messages that are JSON objects, behaviour versions
 * numbered 1, 2, … in order, letter ids unique in their mailbox, names unique, prototypes that name an object of the
 * file without a loop. What is wrong comes back as {@link Problem}s, each naming where ({@code
 * objects[3].behaviours[1].version}) and what, never as an exception.
 *
 * <pre>{@code
 * switch (WorldJsonReader.read(in)) {
 *     case Result.Accepted(WorldContent world) -> WorldImport.into(sqliteWorld, world);
 *     case Result.Refused(List<Problem> problems) -> err.println(problems.getFirst());
 * }
 * }</pre>
 *
 * <p>Single use: one instance checks one file. {@link #read} is thread-safe.
 */
public final class WorldJsonReader {

    private static final ObjectMapper STRICT = WorldJson.strict();
    private static final ObjectMapper VALUES = WorldJson.values();

    private static final Set<String> TOP_MEMBERS = Set.of("format", "version", "exported", "pavel", "spaces",
            "objects");
    private static final Set<String> SPACE_MEMBERS = Set.of("name", "version", "hash", "html");
    private static final Set<String> OBJECT_MEMBERS = Set.of("name", "state", "proto", "owner", "view", "created",
            "behaviours", "mailbox");
    private static final Set<String> BEHAVIOUR_MEMBERS = Set.of("version", "source", "created");
    private static final Set<String> LETTER_MEMBERS = Set.of("id", "message", "received");

    private static final Pattern SOURCE_LOCATION =
            Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

    /** Longer values are cut short in problems: a problem quotes the value, not a whole document. */
    private static final int QUOTE_LENGTH = 40;

    /** One thing wrong with the file: where in it ({@code ""} for the whole file) and what, as a sentence part. */
    public record Problem(String where, String what) {
        public Problem {
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(what, "what");
        }

        @Override
        public String toString() {
            return where.isEmpty() ? what : where + ": " + what;
        }
    }

    /** What reading a file came to: the world in it, or why it cannot be imported. */
    public sealed interface Result {
        /** Every check passed. */
        record Accepted(WorldContent world) implements Result {}

        /** At least one problem, in the order they appear in the file. */
        record Refused(List<Problem> problems) implements Result {
            public Refused {
                problems = List.copyOf(problems);
                if (problems.isEmpty()) {
                    throw new IllegalArgumentException("A refusal names at least one problem.");
                }
            }
        }
    }

    private final List<Problem> problems = new ArrayList<>();
    private final SortedMap<String, Document> spaces = new TreeMap<>();
    private final Map<String, String> spaceWhere = new HashMap<>();
    private final List<StoredObject> objects = new ArrayList<>();
    private final Map<String, String> objectWhere = new HashMap<>();
    /** Each object's prototype by the object's name, where the file names one. */
    private final Map<String, String> protos = new HashMap<>();

    private WorldJsonReader() {}

    /**
     * Reads and checks a whole export.
     *
     * @throws IOException when {@code in} cannot be read (malformed JSON is a {@link Problem}, not an exception)
     */
    public static Result read(InputStream in) throws IOException {
        JsonNode root;
        try {
            root = STRICT.readTree(in);
        } catch (JsonProcessingException e) {
            return new Result.Refused(List.of(new Problem("", malformed(e))));
        }
        return new WorldJsonReader().check(root);
    }

    private static String malformed(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline);
        // Jackson names places as "[Source: …; line: 6, column: 13]"; the source is the file the sentence names.
        message = SOURCE_LOCATION.matcher(message).replaceAll("line $1, column $2");
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column "
                + at.getColumnNr();
        return "it is not well-formed JSON" + where + " (" + message.strip() + ")";
    }

    private Result check(@Nullable JsonNode root) {
        if (root == null || root.isMissingNode()) {
            return refused("", "it is empty; expected a Pavel world export ({\"format\": \"pavel-world\", …})");
        }
        if (!root.isObject()) {
            return refused("", "expected a Pavel world export (a JSON object), found " + describe(root));
        }
        ObjectNode top = (ObjectNode) root;
        // A file that is not an export at all, or one of a newer version, gets one problem, not one per member.
        JsonNode format = top.get("format");
        if (format == null) {
            return refused("format", "missing; this is not a Pavel world export");
        }
        if (!format.isTextual() || !format.textValue().equals(WorldJson.FORMAT)) {
            return refused("format", "expected \"" + WorldJson.FORMAT + "\", found " + describe(format));
        }
        JsonNode version = top.get("version");
        if (version == null) {
            return refused("version", "missing");
        }
        if (!version.isIntegralNumber()) {
            return refused("version", "expected a whole number, found " + describe(version));
        }
        BigInteger number = version.bigIntegerValue();
        if (number.compareTo(BigInteger.valueOf(WorldJson.VERSION)) > 0) {
            return refused("", "it was exported by a newer Pavel (format version " + number + "); this one reads"
                    + " version " + WorldJson.VERSION);
        }
        if (number.compareTo(BigInteger.ONE) < 0) {
            return refused("version", "expected " + WorldJson.VERSION + ", found " + number);
        }
        members(top, "", TOP_MEMBERS, "a world export");
        if (top.has("exported")) {
            instant(top, "exported", "");
        }
        if (top.has("pavel")) {
            text(top, "pavel", "");
        }
        JsonNode spaceList = required(top, "spaces", "", JsonNode::isArray, "an array");
        if (spaceList != null) {
            for (int i = 0; i < spaceList.size(); i++) {
                space(spaceList.get(i), "spaces[" + i + "]");
            }
        }
        JsonNode objectList = required(top, "objects", "", JsonNode::isArray, "an array");
        if (objectList != null) {
            for (int i = 0; i < objectList.size(); i++) {
                object(objectList.get(i), "objects[" + i + "]");
            }
        }
        checkProtos();
        return problems.isEmpty() ? new Result.Accepted(new WorldContent(spaces, objects))
                : new Result.Refused(problems);
    }

    private Result refused(String where, String what) {
        problems.add(new Problem(where, what));
        return new Result.Refused(problems);
    }

    // ---- spaces ----

    private void space(JsonNode node, String where) {
        if (!node.isObject()) {
            problem(where, "expected a space (a JSON object), found " + describe(node));
            return;
        }
        ObjectNode space = (ObjectNode) node;
        members(space, where, SPACE_MEMBERS, "a space");
        String name = name(space, where, "space", spaceWhere);
        Long version = wholeNumber(space, "version", where);
        String hash = text(space, "hash", where);
        String html = text(space, "html", where);
        if (version == null || hash == null || html == null) {
            return;
        }
        if (version < 0) {
            problem(where + ".version", "expected 0 or more, found " + version);
            return;
        }
        Document document;
        try {
            document = new Document(HtmlFragment.parseBody(html), version);
        } catch (DocumentException | IllegalArgumentException e) {
            String why = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
            problem(where + ".html", "not a document Pavel keeps: " + (why.endsWith(".")
                    ? why.substring(0, why.length() - 1) : why));
            return;
        }
        if (!document.hashHex().equals(hash)) {
            problem(where + ".hash", "the html hashes to " + document.hashHex() + ", not " + quote(hash)
                    + "; the html or the hash was changed after the export");
            return;
        }
        if (name != null) {
            spaces.put(name, document);
        }
    }

    // ---- objects ----

    private void object(JsonNode node, String where) {
        if (!node.isObject()) {
            problem(where, "expected an object (a JSON object), found " + describe(node));
            return;
        }
        ObjectNode object = (ObjectNode) node;
        members(object, where, OBJECT_MEMBERS, "an object");
        String name = name(object, where, "object", objectWhere);
        JsonNode state = required(object, "state", where, JsonNode::isObject, "a JSON object");
        String proto = nullableText(object, "proto", where);
        String owner = nullableText(object, "owner", where);
        String view = nullableText(object, "view", where);
        Instant created = instant(object, "created", where);
        List<StoredBehaviour> behaviours = behaviours(object, where);
        List<StoredLetter> letters = mailbox(object, where);
        if (proto != null && name != null) {
            protos.put(name, proto);
        }
        // With a problem anywhere nothing is imported; what was read so far need not be whole.
        if (name != null && state != null && created != null && behaviours != null && letters != null) {
            objects.add(new StoredObject(new ObjectRow(name, json(state), proto, owner, view, created), behaviours,
                    letters));
        }
    }

    private @Nullable List<StoredBehaviour> behaviours(ObjectNode object, String where) {
        return elements(object, "behaviours", where, "a behaviour version", BEHAVIOUR_MEMBERS, (behaviour, at, i) -> {
            Long version = wholeNumber(behaviour, "version", at);
            if (version != null && version != i + 1) {
                problem(at + ".version", "expected " + (i + 1) + ", found " + version
                        + " (versions are numbered 1, 2, … in order)");
                version = null;
            }
            String source = text(behaviour, "source", at);
            Instant created = instant(behaviour, "created", at);
            return version != null && source != null && created != null
                    ? new StoredBehaviour(version.intValue(), source, created) : null;
        });
    }

    private @Nullable List<StoredLetter> mailbox(ObjectNode object, String where) {
        Map<String, Integer> ids = new HashMap<>();
        return elements(object, "mailbox", where, "a letter", LETTER_MEMBERS, (letter, at, i) -> {
            String id = text(letter, "id", at);
            if (id != null && id.isEmpty()) {
                problem(at + ".id", "must not be empty");
                id = null;
            }
            if (id != null) {
                Integer earlier = ids.putIfAbsent(id, i);
                if (earlier != null) {
                    problem(at + ".id", quote(id) + " is already the id of mailbox[" + earlier + "]");
                    id = null;
                }
            }
            JsonNode message = required(letter, "message", at, JsonNode::isObject, "a JSON object");
            Instant received = instant(letter, "received", at);
            return id != null && message != null && received != null
                    ? new StoredLetter(id, json(message), received) : null;
        });
    }

    /** Reads one element of an array; null when it has a problem, which it has recorded. */
    private interface ElementReader<T> {
        @Nullable T read(ObjectNode element, String where, int index);
    }

    /**
     * The array {@code member} of {@code parent}, each element a JSON object of {@code kind} with only the
     * {@code known} members, read by {@code reader}; null if the array or any element has a problem.
     */
    private <T> @Nullable List<T> elements(ObjectNode parent, String member, String where, String kind,
            Set<String> known, ElementReader<T> reader) {
        JsonNode list = required(parent, member, where, JsonNode::isArray, "an array");
        if (list == null) {
            return null;
        }
        List<T> read = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = where + "." + member + "[" + i + "]";
            if (!(list.get(i) instanceof ObjectNode element)) {
                problem(at, "expected " + kind + " (a JSON object), found " + describe(list.get(i)));
                continue;
            }
            members(element, at, known, kind);
            T value = reader.read(element, at, i);
            if (value != null) {
                read.add(value);
            }
        }
        return read.size() == list.size() ? read : null;
    }

    /**
     * No prototype chain comes back to where it started. A prototype that names no object of the file is kept as it
     * is: the world it came from holds such names too, since deleting an object leaves the objects it was the
     * prototype of, whose chains then end there.
     */
    private void checkProtos() {
        Set<String> inLoops = new HashSet<>();
        for (StoredObject object : objects) {
            String name = object.row().name();
            String proto = protos.get(name);
            if (proto == null) {
                continue;
            }
            String at = objectWhere.get(name) + ".proto";
            if (!objectWhere.containsKey(proto)) {
                continue;
            }
            Set<String> chain = new LinkedHashSet<>();
            chain.add(name);
            for (String next = proto; next != null; next = protos.get(next)) {
                if (!chain.add(next)) {
                    // A loop through this object; one problem per loop, at the first of its objects in the file.
                    if (next.equals(name) && !inLoops.contains(name)) {
                        problem(at, "the prototype chain loops: " + String.join(" → ", chain) + " → " + name);
                        inLoops.addAll(chain);
                    }
                    break;
                }
            }
        }
    }

    // ---- members ----

    /** Reports members that an export does not write: a typo would otherwise be dropped without a word. */
    private void members(ObjectNode node, String where, Set<String> known, String kind) {
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String member = property.getKey();
            if (!known.contains(member)) {
                problem(join(where, member), "not a member of " + kind + "; expected "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    /** A unique name that can name a space or an object, or null after a problem. */
    private @Nullable String name(ObjectNode node, String where, String kind, Map<String, String> seen) {
        String name = text(node, "name", where);
        if (name == null) {
            return null;
        }
        if (!DocRequest.isSpaceName(name)) {
            problem(where + ".name", quote(name) + " is not " + (kind.equals("object") ? "an " : "a ") + kind
                    + " name: a letter or digit, then up to 63 letters, digits, '.', '_' or '-'");
            return null;
        }
        String earlier = seen.putIfAbsent(name, where);
        if (earlier != null) {
            problem(where + ".name", quote(name) + " is already the name of " + earlier);
            return null;
        }
        return name;
    }

    private @Nullable JsonNode required(ObjectNode node, String member, String where,
            Predicate<JsonNode> type, String expected) {
        JsonNode value = node.get(member);
        if (value == null) {
            problem(join(where, member), "missing");
            return null;
        }
        if (!type.test(value)) {
            problem(join(where, member), "expected " + expected + ", found " + describe(value));
            return null;
        }
        return value;
    }

    private @Nullable String text(ObjectNode node, String member, String where) {
        JsonNode value = required(node, member, where, JsonNode::isTextual, "a string");
        return value == null ? null : value.textValue();
    }

    /** A string or null; a missing member is a problem too, as every export writes it. */
    private @Nullable String nullableText(ObjectNode node, String member, String where) {
        JsonNode value = required(node, member, where, v -> v.isTextual() || v.isNull(), "a string or null");
        return value == null || value.isNull() ? null : value.textValue();
    }

    private @Nullable Long wholeNumber(ObjectNode node, String member, String where) {
        JsonNode value = required(node, member, where, v -> v.isIntegralNumber() && v.canConvertToLong(),
                "a whole number");
        return value == null ? null : value.longValue();
    }

    private @Nullable Instant instant(ObjectNode node, String member, String where) {
        String text = text(node, member, where);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            problem(join(where, member), "expected an instant such as \"2025-01-31T12:00:00Z\", found " + quote(text));
            return null;
        }
    }

    private void problem(String where, String what) {
        problems.add(new Problem(where, what));
    }

    private static String join(String where, String member) {
        return where.isEmpty() ? member : where + "." + member;
    }

    private static String json(JsonNode value) {
        try {
            return VALUES.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree that was just read cannot be written again", e);
        }
    }

    /** What a value is, for "expected …, found …": its type, and the value itself when it is short. */
    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "the string " + quote(value.textValue());
            case NUMBER -> "the number " + cut(value.asText());
            case BOOLEAN -> value.booleanValue() ? "true" : "false";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case BINARY, MISSING -> "nothing";
        };
    }

    private static String quote(String text) {
        return "\"" + cut(text) + "\"";
    }

    private static String cut(String text) {
        return text.length() <= QUOTE_LENGTH ? text : text.substring(0, QUOTE_LENGTH) + "…";
    }
}

package pavel.server.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import pavel.model.Document;
import pavel.server.store.ObjectStore.ObjectRow;
import pavel.server.store.ObjectStore.StoredBehaviour;
import pavel.server.store.ObjectStore.StoredLetter;
import pavel.server.store.ObjectStore.StoredObject;

/**
 * Writes a {@link WorldContent} in the export format ({@link WorldJson}), indented, spaces and objects in name order:
 * the same world gives the same text but for {@code exported}. States and messages are written as JSON, not as
 * strings holding JSON. Stateless.
 *
 * <pre>{@code
 * {"format": "pavel-world", "version": 1, "exported": "2025-…Z", "pavel": "0.1.0",
 *  "spaces": [{"name": "main", "version": 3, "hash": "…", "html": "<body>…</body>"}],
 *  "objects": [{"name": "counter", "state": {"count": 2}, "proto": null, "owner": null, "view": null,
 *               "created": "…", "behaviours": [{"version": 1, "source": "…", "created": "…"}],
 *               "mailbox": [{"id": "…", "message": {"type": "inc"}, "received": "…"}]}]}
 * }</pre>
 */
public final class WorldJsonWriter {

    private static final ObjectMapper VALUES = WorldJson.values();

    private WorldJsonWriter() {}

    /**
     * Writes {@code world} to {@code out}, ending with a line break; {@code out} is flushed, not closed.
     *
     * @param exported when the world was read
     * @param pavel the version of the Pavel that exports it
     * @throws StoreException when a stored state or message is not JSON (a damaged store)
     * @throws IOException when {@code out} cannot be written
     */
    public static void write(WorldContent world, Instant exported, String pavel, Writer out) throws IOException {
        Objects.requireNonNull(world, "world");
        try (JsonGenerator json = VALUES.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
                    .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n")));
            json.writeStartObject();
            json.writeStringField("format", WorldJson.FORMAT);
            json.writeNumberField("version", WorldJson.VERSION);
            json.writeStringField("exported", exported.toString());
            json.writeStringField("pavel", pavel);
            json.writeArrayFieldStart("spaces");
            for (Map.Entry<String, Document> space : world.spaces().entrySet()) {
                writeSpace(json, space.getKey(), space.getValue());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("objects");
            for (StoredObject object : world.objects()) {
                writeObject(json, object);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    private static void writeSpace(JsonGenerator json, String name, Document document) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeNumberField("version", document.version());
        json.writeStringField("hash", document.hashHex());
        json.writeStringField("html", document.outerHtml());
        json.writeEndObject();
    }

    private static void writeObject(JsonGenerator json, StoredObject object) throws IOException {
        ObjectRow row = object.row();
        json.writeStartObject();
        json.writeStringField("name", row.name());
        json.writeFieldName("state");
        json.writeTree(parse(row.state(), "the state of " + row.name()));
        writeNullable(json, "proto", row.proto());
        writeNullable(json, "owner", row.owner());
        writeNullable(json, "view", row.view());
        json.writeStringField("created", row.created().toString());
        json.writeArrayFieldStart("behaviours");
        for (StoredBehaviour behaviour : object.behaviours()) {
            json.writeStartObject();
            json.writeNumberField("version", behaviour.version());
            json.writeStringField("source", behaviour.source());
            json.writeStringField("created", behaviour.created().toString());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("mailbox");
        for (StoredLetter letter : object.letters()) {
            json.writeStartObject();
            json.writeStringField("id", letter.id());
            json.writeFieldName("message");
            json.writeTree(parse(letter.json(), "the message " + letter.id() + " to " + row.name()));
            json.writeStringField("received", letter.received().toString());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeNullable(JsonGenerator json, String name, @Nullable String value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeStringField(name, value);
        }
    }

    private static JsonNode parse(String stored, String what) {
        try {
            JsonNode node = VALUES.readTree(stored);
            if (node == null || node.isMissingNode()) {
                throw new StoreException(StoreException.Reason.CORRUPT, "The store is damaged: " + what + " is empty.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new StoreException(StoreException.Reason.CORRUPT, "The store is damaged: " + what
                    + " is not JSON (" + e.getOriginalMessage() + ").", e);
        }
    }
}

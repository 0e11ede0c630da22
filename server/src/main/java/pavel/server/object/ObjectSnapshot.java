package pavel.server.object;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An object as {@code GET /objects/{name}} and the console's {@code world.object(name)} show it:
 * {@code {"name", "proto", "state", "mailbox": […], "behavior": {"version"}, "errors": […]}}. Serialised by Jackson in
 * this order.
 *
 * @param behavior the version of the behaviour that runs it (its own or a prototype's), {@code 0} for none
 */
@JsonPropertyOrder({"name", "proto", "state", "mailbox", "behavior", "errors"})
record ObjectSnapshot(String name, @Nullable String proto, @Nullable JsonNode state, List<Message> mailbox,
        Behavior behavior, List<Failure> errors) {

    /** A message in the mailbox; {@code message} is {@code null} should its JSON not parse. */
    @JsonPropertyOrder({"id", "message", "received"})
    record Message(String id, @Nullable JsonNode message, String received) {}

    /** The behaviour's version. */
    record Behavior(int version) {}

    /** A recorded failure. */
    @JsonPropertyOrder({"at", "message", "stack", "letter"})
    record Failure(String at, String message, String stack, @Nullable String letter) {}

    /**
     * The object now, read under its monitor: a handler's outcome changes the state and takes the letter out of the
     * mailbox under it, so the snapshot never shows the mailbox without a letter whose effect the state lacks.
     */
    static ObjectSnapshot of(LiveObjects objects, LiveObject object, ObjectMapper json) {
        BehaviourVersion behaviour = objects.behaviourOf(object); // along the proto chain: other objects' monitors
        synchronized (object) {
            return read(object, behaviour, json);
        }
    }

    private static ObjectSnapshot read(LiveObject object, @Nullable BehaviourVersion behaviour, ObjectMapper json) {
        return new ObjectSnapshot(
                object.name(),
                object.proto(),
                readTree(json, object.state()),
                object.mailbox().stream()
                        .map(letter -> new Message(letter.id(), readTree(json, letter.json()), letter.received().toString()))
                        .toList(),
                new Behavior(behaviour == null ? 0 : behaviour.version()),
                object.errors().stream()
                        .map(error -> new Failure(error.at().toString(), error.message(), error.stack(), error.letter()))
                        .toList());
    }

    private static @Nullable JsonNode readTree(ObjectMapper json, String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}

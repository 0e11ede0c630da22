package pavel.replica;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import pavel.model.Element;
import pavel.model.Node;

/**
 * The declarative UI events of a space (DESIGN.md "Objects"), for clients that render a replica: an element with
 * {@code data-post="/objects/{name}"} sends its {@code data-message} (a JSON object) to that object when clicked;
 * inside a {@code <form>} the form's named field values are merged in. The client sends it as its user's own
 * {@code POST}; nothing in a document ever runs as code.
 *
 * <pre>{@code
 * UiBinding.of(clicked, Map.of("text", field.getText()))
 *         .ifPresent(post -> http.post(post.target(), post.messageJson()));
 * }</pre>
 *
 * @param target the object's URI, {@code /objects/{name}}
 * @param messageJson the message, a JSON object
 */
public record UiBinding(String target, String messageJson) {
    private static final Pattern TARGET = Pattern.compile("/objects/[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What clicking {@code element} sends: the nearest element from it up with a {@code data-post} that names an
     * object, and its message with {@code fields} (the values of the enclosing form's named fields, as the UI holds
     * them) merged in.
     *
     * @return empty when nothing there posts, or its {@code data-post} or {@code data-message} is not usable
     */
    public static Optional<UiBinding> of(Element element, Map<String, ?> fields) {
        Element poster = element;
        while (poster != null && poster.attribute("data-post") == null) {
            poster = poster.parent();
        }
        if (poster == null || !TARGET.matcher(poster.expectAttribute("data-post")).matches()) {
            return Optional.empty();
        }
        ObjectNode message;
        String raw = poster.attribute("data-message");
        try {
            JsonNode parsed = raw == null || raw.isBlank() ? JSON.createObjectNode() : JSON.readTree(raw);
            if (!(parsed instanceof ObjectNode object)) {
                return Optional.empty();
            }
            message = object;
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (insideForm(poster)) {
            fields.forEach((name, value) -> message.set(name, JSON.valueToTree(value)));
        }
        return Optional.of(new UiBinding(poster.expectAttribute("data-post"), message.toString()));
    }

    private static boolean insideForm(Element element) {
        for (Node node = element; node != null; node = node.parent()) {
            if (node instanceof Element e && e.name().equals("form")) {
                return true;
            }
        }
        return false;
    }
}

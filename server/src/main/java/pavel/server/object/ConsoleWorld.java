package pavel.server.object;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import pavel.server.http.HttpStatusException;
import pavel.server.script.ConsoleHost;

/**
 * The world as the console's {@code world} sees it: the documents and messages a handler reaches (through the same
 * {@link ObjectHost}, so a change is an ordinary op and a message an ordinary letter), plus every object to list,
 * look at and create. Its {@link #log} lines go to the console of everyone watching, tagged {@code [console]}.
 *
 * <p>Thread-safe; one instance serves every console.
 */
public final class ConsoleWorld implements ConsoleHost {
    /** The tag of the console's lines in the sessions' consoles. */
    static final String TAG = "console";

    private final LiveObjects objects;
    private final ObjectMapper json;
    private final ObjectHost asHandler;

    public ConsoleWorld(LiveObjects objects, ObjectMapper json) {
        this.objects = Objects.requireNonNull(objects, "objects");
        this.json = Objects.requireNonNull(json, "json");
        this.asHandler = new ObjectHost(objects, TAG);
    }

    @Override
    public List<String> objectNames() {
        return objects.list().stream().map(LiveObject::name).toList();
    }

    @Override
    public String objectJson(String name) {
        try {
            return json.writeValueAsString(ObjectSnapshot.of(objects, find(name), json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + name + " as JSON.", e);
        }
    }

    @Override
    public boolean putObject(String name, String stateJson) {
        return objects.put(name, jsonObject(stateJson, "world.put(name, state): the state"));
    }

    @Override
    public void send(String object, String messageJson) {
        String message = jsonObject(messageJson, "world.send(name, message): the message");
        find(object);
        objects.post(object, message);
    }

    /** Never called: the console has no {@code self} to schedule a message to. */
    @Override
    public void after(long millis, String messageJson) {
        throw new UnsupportedOperationException("self.after() is for handlers; the console has no self.");
    }

    @Override
    public void log(String line) {
        asHandler.log(line);
    }

    @Override
    public String docGet(String space, String path) {
        return asHandler.docGet(space, path);
    }

    @Override
    public void docPut(String space, String path, String html) {
        asHandler.docPut(space, path, html);
    }

    @Override
    public void docAppend(String space, String path, String html) {
        asHandler.docAppend(space, path, html);
    }

    @Override
    public void docRemove(String space, String path) {
        asHandler.docRemove(space, path);
    }

    /** The object; else an error that says how to make it in the console rather than by REST. */
    private LiveObject find(String name) {
        try {
            return objects.require(name);
        } catch (HttpStatusException e) {
            if (e.status().equals(HttpResponseStatus.NOT_FOUND)) {
                throw new NoSuchElementException("There is no object " + name + "; world.put('" + name
                        + "', {}) creates it.");
            }
            throw e;
        }
    }

    /** Messages and states are JSON objects, as over REST. */
    private String jsonObject(String text, String what) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
            throw new IllegalArgumentException(what + " must be an object, like {type: 'inc'}, not " + shown + ".");
        }
        return node.toString();
    }
}

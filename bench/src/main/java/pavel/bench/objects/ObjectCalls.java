package pavel.bench.objects;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import pavel.server.object.Letter.Delivery;
import pavel.server.object.LiveObjects;

/**
 * The calls the objects benchmark makes on {@link LiveObjects}, in process, as the REST routes would make them; a
 * message's future completes with the handler's reply.
 *
 * <p>Thread-safe, as {@link LiveObjects} is.
 */
final class ObjectCalls {

    private final LiveObjects objects;

    ObjectCalls(LiveObjects objects) {
        this.objects = Objects.requireNonNull(objects, "objects");
    }

    /** {@code PUT /objects/{name}}: creates the object or replaces its state; true when it was created. */
    boolean put(String name, String stateJson) {
        return objects.put(name, stateJson);
    }

    /** {@code PUT /objects/{name}/behavior}: compiles and activates a behaviour; answers its version. */
    int putBehaviour(String name, String source) {
        return objects.putBehaviour(name, source).version();
    }

    /** {@code PUT /objects/{name}/proto}. */
    void putProto(String name, String proto) {
        objects.putProto(name, proto);
    }

    /**
     * {@code POST /objects/{name}}: enqueues a message; the answer completes when a handler has run it, with its reply
     * as JSON ({@code "null"} for none), or exceptionally when the handler failed or no handler matched it.
     */
    CompletableFuture<String> post(String name, String messageJson) {
        return objects.post(name, messageJson).outcome().thenApply(delivery -> switch (delivery) {
            case Delivery.Replied(String json) -> json;
            case Delivery.Failed(String message) -> throw new IllegalStateException(
                    "The handler of " + name + " failed: " + message);
            case Delivery.Waiting waiting -> throw new IllegalStateException(
                    "No handler of " + name + " matches " + messageJson + ".");
        });
    }

    /** The object's state as JSON. */
    String state(String name) {
        return objects.state(name);
    }

    /** How many messages wait in the object's mailbox. */
    int mailboxSize(String name) {
        return objects.mailboxSize(name);
    }
}

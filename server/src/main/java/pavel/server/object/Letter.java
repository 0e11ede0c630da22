package pavel.server.object;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A message waiting in an object's mailbox.
 *
 * @param id what {@code POST /objects/{name}} answered; {@code DELETE /objects/{name}/mailbox/{id}} drops it
 * @param json the message, a JSON object
 * @param received when it arrived
 * @param outcome completes when a handler ran it, or when no handler matched it the first time it was tried
 */
public record Letter(String id, String json, Instant received, CompletableFuture<Delivery> outcome) {

    /** What became of a message, for {@code ?reply}. */
    public sealed interface Delivery {
        /** A handler ran it and returned {@code json} ({@code null} for nothing). */
        record Replied(String json) implements Delivery {}

        /** A handler ran it and threw. */
        record Failed(String message) implements Delivery {}

        /** No handler matches it (yet): it waits in the mailbox. */
        record Waiting() implements Delivery {}
    }
}

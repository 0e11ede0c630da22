package pavel.server.script;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What running one message against an object's behaviour came to.
 *
 * <pre>{@code
 * switch (contexts.run(behaviour, "counter", state, message, host)) {
 *     case HandlerRun.NoMatch n -> keepWaiting(message);
 *     case HandlerRun.Done(String newState, String reply) -> commit(newState, reply);
 *     case HandlerRun.Failed(String why, String stack) -> recordError(why, stack);
 * }
 * }</pre>
 */
public sealed interface HandlerRun {

    /** The one {@link NoMatch}. */
    NoMatch NO_MATCH = new NoMatch();

    /** No handler's shape matches the message: it stays in the mailbox. Nothing ran. */
    record NoMatch() implements HandlerRun {
    }

    /**
     * A handler ran to its end.
     *
     * @param newStateJson {@code self.state} after the handler, as JSON: the state to commit
     * @param replyJson the handler's return value as JSON, or {@code null} when it returned nothing
     */
    record Done(String newStateJson, @Nullable String replyJson) implements HandlerRun {
        public Done {
            Objects.requireNonNull(newStateJson, "newStateJson");
        }
    }

    /**
     * The handler (or the behaviour's top level in a new context) threw, or was stopped by a budget. The state is
     * unchanged: nothing the handler did to {@code self.state} is kept. Messages it sent and log lines it wrote
     * before failing have already gone to the {@link Host}.
     *
     * @param message a sentence: the JavaScript error ("TypeError: …") or the budget that was spent
     * @param jsStack the JavaScript frames, one {@code at function (source:line:column)} a line; may be empty
     */
    record Failed(String message, String jsStack) implements HandlerRun {
        public Failed {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(jsStack, "jsStack");
        }
    }
}

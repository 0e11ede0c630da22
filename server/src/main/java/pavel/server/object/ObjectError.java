package pavel.server.object;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A handler, view or behaviour failure recorded on an object.
 *
 * @param at when it happened
 * @param message the error's sentence
 * @param stack the JavaScript stack, or {@code ""}
 * @param letter the id of the message being handled, if any
 */
public record ObjectError(Instant at, String message, String stack, @Nullable String letter) {}

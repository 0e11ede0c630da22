package pavel.server.object;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import pavel.server.script.Behaviour;

/**
 * One activated version of an object's behaviour; every version is kept.
 *
 * @param version 1 for the first, counting up per object
 * @param source the JavaScript as it was put
 * @param activated when it became the object's behaviour
 * @param compiled the compiled form the runtime runs; null for an older version read back from the store (only the
 *     newest one runs), or for one that no longer compiles
 */
public record BehaviourVersion(int version, String source, Instant activated, @Nullable Behaviour compiled) {}

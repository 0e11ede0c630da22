package pavel.server.object;

import java.time.Instant;
import pavel.server.script.Behaviour;

/**
 * One activated version of an object's behaviour; every version is kept.
 *
 * @param version 1 for the first, counting up per object
 * @param source the JavaScript as it was put
 * @param activated when it became the object's behaviour
 * @param compiled the compiled form the runtime runs
 */
public record BehaviourVersion(int version, String source, Instant activated, Behaviour compiled) {}

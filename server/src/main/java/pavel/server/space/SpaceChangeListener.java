package pavel.server.space;

import pavel.op.OpRecord;

/**
 * Hears every change applied to any space, after it is applied and logged and outside the space's lock. It runs on
 * the writer's thread, so it must be quick: hand anything slow to another thread.
 */
@FunctionalInterface
public interface SpaceChangeListener {

    /** {@code record} was applied to {@code space}. */
    void applied(Space space, OpRecord record);
}

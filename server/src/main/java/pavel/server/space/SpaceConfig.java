package pavel.server.space;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timers of the spaces.
 *
 * @param maxNodes the most nodes one document may hold; a change that would exceed it is a {@code 413}
 * @param maxCatchUp the most missed ops a returning session is sent one by one; beyond that it gets the whole
 *     document, which is cheaper
 * @param replicaCheckInterval how often every viewing session is asked for its replica's hash
 */
public record SpaceConfig(int maxNodes, int maxCatchUp, Duration replicaCheckInterval) {

    /** 100,000 nodes, catch-up of up to 256 ops, a replica check every minute. */
    public static final SpaceConfig DEFAULTS = new SpaceConfig(100_000, 256, Duration.ofMinutes(1));

    public SpaceConfig {
        if (maxNodes < 1 || maxCatchUp < 0) {
            throw new IllegalArgumentException("maxNodes must be positive and maxCatchUp not negative.");
        }
        Objects.requireNonNull(replicaCheckInterval, "replicaCheckInterval");
        if (replicaCheckInterval.isNegative() || replicaCheckInterval.isZero()) {
            throw new IllegalArgumentException("The replica check interval must be positive.");
        }
    }

    public SpaceConfig withMaxNodes(int newMaxNodes) {
        return new SpaceConfig(newMaxNodes, maxCatchUp, replicaCheckInterval);
    }

    public SpaceConfig withReplicaCheckInterval(Duration interval) {
        return new SpaceConfig(maxNodes, maxCatchUp, interval);
    }
}

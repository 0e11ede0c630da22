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
 * @param snapshotEvery after how many ops the store keeps a new snapshot of a space (and lets go of older ops), which
 *     bounds what recovery replays
 */
public record SpaceConfig(int maxNodes, int maxCatchUp, Duration replicaCheckInterval, int snapshotEvery) {

    /** 100,000 nodes, catch-up of up to 256 ops, a replica check every minute, a snapshot every 10,000 ops. */
    public static final SpaceConfig DEFAULTS = new SpaceConfig(100_000, 256, Duration.ofMinutes(1), 10_000);

    public SpaceConfig {
        if (maxNodes < 1 || maxCatchUp < 0 || snapshotEvery < 1) {
            throw new IllegalArgumentException("maxNodes and snapshotEvery must be positive, maxCatchUp not negative.");
        }
        Objects.requireNonNull(replicaCheckInterval, "replicaCheckInterval");
        if (replicaCheckInterval.isNegative() || replicaCheckInterval.isZero()) {
            throw new IllegalArgumentException("The replica check interval must be positive.");
        }
    }

    public SpaceConfig withMaxNodes(int newMaxNodes) {
        return new SpaceConfig(newMaxNodes, maxCatchUp, replicaCheckInterval, snapshotEvery);
    }

    public SpaceConfig withReplicaCheckInterval(Duration interval) {
        return new SpaceConfig(maxNodes, maxCatchUp, interval, snapshotEvery);
    }

    public SpaceConfig withSnapshotEvery(int ops) {
        return new SpaceConfig(maxNodes, maxCatchUp, replicaCheckInterval, ops);
    }
}

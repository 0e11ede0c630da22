package pavel.bench.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import pavel.op.Op;
import pavel.path.NodePath;
import pavel.server.ptth.PtthConfig;
import pavel.server.session.SessionRegistry;
import pavel.server.space.Space;
import pavel.server.space.SpaceConfig;
import pavel.server.space.Spaces;
import pavel.server.store.MemorySpaceStore;
import pavel.server.store.SqliteWorld;

/**
 * A world opened as {@code ServerLauncher} opens it, without HTTP: {@link SqliteWorld#open}, then {@link Spaces} on
 * its store (which recovers every space), with a session registry that no session ever joins. Closes in the
 * launcher's order: spaces, sessions, then the world, which commits what is queued. {@link #inMemory} is the same
 * without a disk, as the spaces ran before the store was durable: the bound that durability is measured against.
 *
 * <p>Not thread-safe to open or close; the spaces are.
 *
 * @param world the world, or null for spaces in memory
 */
record OpenWorld(@Nullable SqliteWorld world, SessionRegistry sessions, Spaces spaces) implements AutoCloseable {

    /** Ops a {@link MemorySpaceStore} keeps, as the server kept before issue 6. */
    private static final int MEMORY_OPS = 10_000;

    static OpenWorld open(Path directory, SqliteWorld.Options options, SpaceConfig config) {
        return recovered(SqliteWorld.open(directory, options), config);
    }

    /** Spaces over a {@link MemorySpaceStore}: {@link Space#apply} returns without waiting for a disk. */
    static OpenWorld inMemory(SpaceConfig config) {
        SessionRegistry sessions = new SessionRegistry(PtthConfig.newBuilder().build());
        return new OpenWorld(null, sessions, new Spaces(new MemorySpaceStore(MEMORY_OPS), sessions, config));
    }

    /** {@link Spaces} on a world just opened: the recovery of every space it holds. */
    static OpenWorld recovered(SqliteWorld world, SpaceConfig config) {
        SessionRegistry sessions = new SessionRegistry(PtthConfig.newBuilder().build());
        try {
            return new OpenWorld(world, sessions, new Spaces(world.spaces(), sessions, config));
        } catch (RuntimeException e) {
            sessions.close();
            world.close();
            throw e;
        }
    }

    /**
     * {@code main} and {@code count - 1} more spaces ({@code s1…}), each starting as {@link OpMix#initialBody()};
     * each such start is an op (or the creation) of its space.
     */
    List<Space> prepareSpaces(int count) {
        List<Space> prepared = new ArrayList<>();
        Space main = spaces.require(Spaces.MAIN);
        main.apply(new Op.Replace(NodePath.ROOT, OpMix.initialBody()), null);
        prepared.add(main);
        for (int s = 1; s < count; s++) {
            spaces.create("s" + s, OpMix.initialBody());
            prepared.add(spaces.require("s" + s));
        }
        return prepared;
    }

    @Override
    public void close() {
        spaces.close();
        sessions.close();
        if (world != null) {
            world.close();
        }
    }
}

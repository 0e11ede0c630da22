package pavel.server.session;

/**
 * A connection that carries a session's exchanges (an upgraded socket). The session calls {@link #wake()} when
 * requests are waiting; the carrier then {@link Session#take takes} as many as it has room for, on its own thread.
 */
@FunctionalInterface
public interface Carrier {

    /** Requests are waiting; must return at once (schedule the work, never do it inline). */
    void wake();

    /**
     * A newer connection of the same client takes over: close, putting what was sent but not answered back in the
     * queue, then {@link Session#detach detach}. Must return at once.
     */
    default void retire() {
    }
}

package pavel.desktop.ptth;

/**
 * Told about every state change of a {@link PtthClient}. Called on the client's event loop: return quickly, and hop
 * to the UI thread yourself (e.g. {@code Platform.runLater}). An exception thrown here is logged and ignored.
 */
@FunctionalInterface
public interface ConnectionListener {
    void stateChanged(ConnectionEvent event);

    /**
     * The server opened a new session for this client ({@code 201} to the session request, PTTH.md §0): the first
     * one, or a replacement for one that expired. Whatever the old session was told is lost: resync the replica
     * (e.g. re-check every space with {@code GET /doc/{space}/}). Not called when a session is resumed. Does nothing
     * by default.
     */
    default void sessionStarted(String sessionId) {
    }

    /** A listener that ignores everything. */
    static ConnectionListener none() {
        return event -> { };
    }
}

package pavel.desktop.ptth;

/**
 * Told about every state change of a {@link PtthClient}. Called on the client's event loop: return quickly, and hop
 * to the UI thread yourself (e.g. {@code Platform.runLater}). An exception thrown here is logged and ignored.
 */
@FunctionalInterface
public interface ConnectionListener {
    void stateChanged(ConnectionEvent event);

    /** A listener that ignores everything. */
    static ConnectionListener none() {
        return event -> { };
    }
}

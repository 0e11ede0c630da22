package pavel.server.http;

/** User events that {@link pavel.server.PavelServer} fires into every connection's pipeline. */
public enum ConnectionEvent {

    /**
     * The server is stopping: finish the requests already received, then close. Handled by
     * {@link IdleConnectionCloser}.
     */
    DRAIN
}

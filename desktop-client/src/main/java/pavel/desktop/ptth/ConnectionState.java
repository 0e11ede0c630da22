package pavel.desktop.ptth;

/** Where a {@link PtthClient} is in its connect loop. */
public enum ConnectionState {
    /** Opening the socket or waiting for the handshake response. */
    CONNECTING,
    /** The server accepted the upgrade; this client now answers its requests. */
    UPGRADED,
    /** The server serves the long-poll JSON flavour instead (PTTH.md §2.3): this client polls its queue. */
    LONG_POLL_FALLBACK,
    /** Waiting before the next attempt (back-off, {@code Retry-After}). */
    BACKING_OFF,
    /** The server refused for good (401/403: credentials; 404/410: endpoint or session gone; not a PTTH endpoint). */
    STOPPED,
    /** Not running: before {@link PtthClient#connect()} and after {@link PtthClient#close()}. */
    CLOSED
}

package pavel.server.session;

import java.util.Objects;

/** Why a reverse exchange ended without a response; its outcome on the client is unknown (PTTH.md rule 2.1.7). */
public final class ExchangeFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The kinds of failure. */
    public enum Reason {
        /** No response within {@code T_resp}; the connection that carried it was closed. */
        TIMEOUT,
        /** The session's queue overflowed and its backlog was dropped; a resync follows. */
        OVERFLOW,
        /** The session expired or the server stopped. */
        SESSION_CLOSED
    }

    private final Reason reason;

    /** @param reason the kind of failure; @param detail a sentence for logs */
    public ExchangeFailedException(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The kind of failure. */
    public Reason reason() {
        return reason;
    }
}

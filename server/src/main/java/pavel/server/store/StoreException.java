package pavel.server.store;

import java.sql.SQLException;
import java.util.Objects;

/**
 * The store could not keep a change (or could not be opened). The change it refused was not made; the message is
 * one sentence for the user, and {@link #reason()} says which answer fits: {@code 507} when the disk or the database
 * is full, {@code 503} when the store cannot write right now.
 */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** SQLite's primary result codes that mean "no room" (SQLITE_FULL) and "damaged" (SQLITE_CORRUPT, SQLITE_NOTADB). */
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    /** Why a change was refused. */
    public enum Reason {
        /** The disk or the database is full: {@code 507 Insufficient Storage}. */
        FULL,
        /** The store cannot write now (I/O error, read-only, stopping): {@code 503 Service Unavailable}. */
        UNAVAILABLE,
        /** What the store holds is damaged; found at start, the world is not opened. */
        CORRUPT
    }

    private final Reason reason;

    public StoreException(Reason reason, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public StoreException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** A failed write, classified by SQLite's result code. */
    static StoreException of(SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        if (primary == SQLITE_FULL) {
            return new StoreException(Reason.FULL, "The data directory is full; the change was not kept. Free some "
                    + "space and try again.", e);
        }
        if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
            return new StoreException(Reason.CORRUPT, "The world's database is damaged (" + firstLine(e) + ").", e);
        }
        return new StoreException(Reason.UNAVAILABLE, "The store cannot write now (" + firstLine(e)
                + "); the change was not kept.", e);
    }

    /** What the client gets: 507 for a full store, else 503. */
    public int status() {
        return reason == Reason.FULL ? 507 : 503;
    }

    public Reason reason() {
        return reason;
    }

    /** Waits for a change to be durable; a refused change is thrown as the {@link StoreException} it failed with. */
    public static void await(java.util.concurrent.CompletableFuture<?> stored) {
        try {
            stored.join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            throw unwrap(e);
        }
    }

    /** The cause of a failed future, or this kind of failure for anything else. */
    public static StoreException unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof StoreException store ? store
                : new StoreException(Reason.UNAVAILABLE, "The store failed: " + cause + ".", cause);
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

package pavel.server.space;

import pavel.model.DocumentException;

/** {@code If-Match} named a version the space has moved on from: {@code 412 Precondition Failed}. */
public final class StaleVersionException extends DocumentException {
    private final long current;

    StaleVersionException(String space, long current, String expected) {
        super(412, "The space " + space + " is at version " + current + ", not at " + expected
                + " as If-Match asks; GET it again and redo the change.");
        this.current = current;
    }

    /** The version the space is at. */
    public long current() {
        return current;
    }
}

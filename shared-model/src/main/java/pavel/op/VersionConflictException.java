package pavel.op;

import pavel.model.DocumentException;

/** A replica is not at the version an op was made for (409): it needs the whole document again. */
public final class VersionConflictException extends DocumentException {
    private final long expected;
    private final long actual;

    public VersionConflictException(long expected, long actual) {
        super(409, "The replica is at version " + actual + ", but the op applies to version " + expected + ".");
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}

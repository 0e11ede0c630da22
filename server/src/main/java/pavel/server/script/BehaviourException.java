package pavel.server.script;

/**
 * A behaviour source that cannot be activated: a syntax error, or a top level that throws or spends its budget.
 * Carries the position (1-based) so that an editor can point at it; {@code 0} when the position is unknown.
 */
public final class BehaviourException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    public BehaviourException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    /** The 1-based line of the problem, or {@code 0} when unknown. */
    public int line() {
        return line;
    }

    /** The 1-based column of the problem, or {@code 0} when unknown. */
    public int column() {
        return column;
    }
}

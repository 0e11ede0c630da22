package pavel.model;

/** A path that must select exactly one node selected several (409); {@link #count()} says how many. */
public final class AmbiguousPathException extends DocumentException {
    private final int count;

    public AmbiguousPathException(String path, int count) {
        super(409, "The path " + path + " selects " + count + " nodes; a change needs exactly one.");
        this.count = count;
    }

    public int count() {
        return count;
    }
}

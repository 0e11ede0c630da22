package pavel.path;

import pavel.model.DocumentException;

/**
 * A node path that does not follow the grammar (400). Says what was expected and where: {@link #index()} is the
 * 0-based offset in the text as given (percent-escapes included).
 */
public final class PathSyntaxException extends DocumentException {
    private final String path;
    private final int index;
    private final String expected;

    PathSyntaxException(String path, int index, String expected) {
        super(400, "Bad node path '" + path + "': expected " + expected + " at character " + (index + 1) + ".");
        this.path = path;
        this.index = index;
        this.expected = expected;
    }

    /** The path as given. */
    public String path() {
        return path;
    }

    public int index() {
        return index;
    }

    /** What the parser expected there, e.g. {@code "']'"} or {@code "a name or '*'"}. */
    public String expected() {
        return expected;
    }
}

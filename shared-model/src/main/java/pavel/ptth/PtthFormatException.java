package pavel.ptth;

/** A PTTH message that breaks the rules of PTTH.md §2.3 (answered with 400 and this sentence). */
public final class PtthFormatException extends RuntimeException {
    public PtthFormatException(String message) {
        super(message);
    }

    /** The HTTP status for this problem: always 400. */
    public int status() {
        return 400;
    }
}

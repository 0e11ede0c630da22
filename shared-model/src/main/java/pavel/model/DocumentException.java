package pavel.model;

/**
 * A change or a lookup that a document refuses. Carries the HTTP status that the document API answers with, so
 * that the server and the clients (which answer reverse requests with real statuses) agree on it.
 *
 * <p>Subclasses name the kinds; the message is a human sentence that quotes the offending value.
 */
public class DocumentException extends RuntimeException {
    private final int status;

    public DocumentException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("Status (" + status + ") must be an HTTP error status.");
        }
        this.status = status;
    }

    /** The HTTP status for this problem: 400 bad path, 404 no such node, 409 ambiguous, 422 refused, 413 too large. */
    public int status() {
        return status;
    }
}

package pavel.model;

/** A path that must select one node selected none (404). */
public final class NoSuchNodeException extends DocumentException {
    public NoSuchNodeException(String message) {
        super(404, message);
    }
}

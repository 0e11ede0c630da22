package pavel.server.store;

/**
 * An import was refused before anything was written: the data directory already holds a world, which an import
 * would merge into or overwrite. The message is one sentence for the user, naming the directory and what it holds.
 */
public final class ImportRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one sentence naming the directory and why */
    public ImportRefusedException(String message) {
        super(message);
    }
}

package pavel.server;

/**
 * The server cannot start, for a reason the person starting it can fix: the port is taken, the data
 * directory cannot be written. The message is one sentence that names the address or path; the command
 * line prints it without a stack trace and exits with status 1.
 */
public final class StartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one sentence naming what is wrong */
    public StartupException(String message) {
        super(message);
    }

    /**
     * @param message one sentence naming what is wrong
     * @param cause the underlying failure, kept for debugging
     */
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}

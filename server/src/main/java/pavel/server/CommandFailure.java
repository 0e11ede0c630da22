package pavel.server;

import java.io.PrintWriter;

/**
 * How a command that ran but failed says so: one sentence on standard error after {@code pavel: }, and status 1
 * (status 2 is for command-line mistakes, see {@link UsageErrorHandler}). Stateless.
 */
final class CommandFailure {

    /** The exit status of a command that failed. */
    static final int STATUS = 1;

    private CommandFailure() {}

    /** Prints {@code sentence} and returns {@link #STATUS}. */
    static int report(PrintWriter err, String sentence) {
        err.println("pavel: " + sentence);
        err.flush();
        return STATUS;
    }
}

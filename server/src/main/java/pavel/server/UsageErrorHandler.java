package pavel.server;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Prints a command-line mistake as one sentence that points to {@code --help}, instead of picocli's full
 * usage text, and exits with status 2. Stateless.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String message = e.getMessage() == null ? "Invalid command line" : e.getMessage().strip();
        if (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().println(name + ": " + message + " (see '" + name + " --help').");
        command.getErr().flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}

package pavel.server;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pavel}: the top command; on its own it only says which subcommand to use. */
@Command(
        name = "pavel",
        mixinStandardHelpOptions = true,
        description = "Pavel: a shared world of documents and live objects, programmed while it runs.")
final class PavelCommand implements Runnable {

    @Spec
    private CommandSpec spec = CommandSpec.create();

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command; use 'pavel serve' to run the server");
    }
}

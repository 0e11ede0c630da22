package pavel.server;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;

/**
 * The {@code pavel} command line: {@code pavel serve [--port 8080] [--bind 127.0.0.1] [--data ./pavel-data]
 * [--console-port 8023]}, each option also as {@code PAVEL_PORT}, {@code PAVEL_BIND}, {@code PAVEL_DATA},
 * {@code PAVEL_CONSOLE_PORT}; {@code pavel export [--data DIR]} (the world as JSON on standard output) and
 * {@code pavel import [--data DIR] FILE}.
 *
 * <p>Exit statuses: 0 after {@code --help}, {@code --version}, a clean stop or a done export or import; 1 if the
 * server cannot start or an export or import fails; 2 for a command-line mistake.
 */
public final class Main {

    private Main() {}

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        System.exit(commandLine(new ServerLauncher(err), System.in, out, err).execute(args));
    }

    /**
     * The command line with its subcommands wired explicitly; {@code import -} reads {@link System#in}.
     *
     * @param runner what {@code serve} runs the parsed configuration with
     * @param out where help, version and exports go
     * @param err where mistakes go
     */
    static CommandLine commandLine(ServerRunner runner, PrintWriter out, PrintWriter err) {
        return commandLine(runner, System.in, out, err);
    }

    /**
     * The command line with its subcommands wired explicitly.
     *
     * @param runner what {@code serve} runs the parsed configuration with
     * @param in what {@code import -} reads
     * @param out where help, version and exports go
     * @param err where mistakes go
     */
    static CommandLine commandLine(ServerRunner runner, InputStream in, PrintWriter out, PrintWriter err) {
        CommandLine pavel = new CommandLine(new PavelCommand());
        pavel.addSubcommand(new CommandLine(new ServeCommand(runner)));
        pavel.addSubcommand(new CommandLine(new ExportCommand()));
        pavel.addSubcommand(new CommandLine(new ImportCommand(in)));
        String version = "pavel " + Version.current();
        pavel.getCommandSpec().version(version);
        pavel.getSubcommands().values().forEach(sub -> sub.getCommandSpec().version(version));
        return pavel
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(new UsageErrorHandler());
    }
}

package pavel.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pavel serve}: parses the options, each with an environment variable as its default, into a
 * {@link ServerConfig} and hands it to a {@link ServerRunner}. Used once per process.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run the object server until it gets SIGTERM or Ctrl-C.",
        footer = "Each option can also be given as an environment variable; the option wins.")
final class ServeCommand implements Callable<Integer> {

    private final ServerRunner runner;

    @Spec
    private CommandSpec spec;

    private int port;

    private int consolePort = ServerConfig.NO_CONSOLE;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "${env:PAVEL_BIND:-127.0.0.1}",
            description = "Address to listen on (PAVEL_BIND). Default: ${DEFAULT-VALUE}.")
    private String bind = ServerConfig.DEFAULT_BIND;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:PAVEL_DATA:-./pavel-data}",
            description = "Data directory, created if missing (PAVEL_DATA). Default: ${DEFAULT-VALUE}.")
    private Path data = ServerConfig.DEFAULT_DATA_DIRECTORY;

    ServeCommand(ServerRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.spec = CommandSpec.create();
    }

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:PAVEL_PORT:-8080}",
            description = "TCP port to listen on, 0 for any free port (PAVEL_PORT). Default: ${DEFAULT-VALUE}.")
    void port(int value) {
        if (value < 0 || value > 65535) {
            throw new ParameterException(spec.commandLine(),
                    "Port " + value + " is out of range; use 0 to 65535");
        }
        this.port = value;
    }

    @Option(names = "--console-port", paramLabel = "PORT", defaultValue = "${env:PAVEL_CONSOLE_PORT}",
            description = "Also run a JavaScript console (a REPL with world in scope) on 127.0.0.1:PORT, always "
                    + "loopback whatever --bind says; try nc 127.0.0.1 PORT (PAVEL_CONSOLE_PORT). Default: none.")
    void consolePort(int value) {
        if (value < 0 || value > 65535) {
            throw new ParameterException(spec.commandLine(),
                    "Console port " + value + " is out of range; use 0 to 65535");
        }
        this.consolePort = value;
    }

    /** The configuration the options describe. */
    ServerConfig config() {
        if (bind.isBlank()) {
            throw new ParameterException(spec.commandLine(), "The bind address must not be blank");
        }
        return ServerConfig.newBuilder().bind(bind).port(port).dataDirectory(data).consolePort(consolePort).build();
    }

    @Override
    public Integer call() {
        return runner.run(config());
    }
}

package pavel.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pavel.server.store.StoreException;
import pavel.server.store.WorldContent;
import pavel.server.store.WorldJsonWriter;
import pavel.server.store.WorldReader;

/**
 * {@code pavel export [--data DIR]}: writes the whole world as JSON to standard output, and nothing else there. It
 * reads the database beside a server that may be running on it (without its lock), as of one moment. Used once per
 * process.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write the whole world (every space and every object) as JSON to standard output: "
                + "pavel export > world.json. Works while a server runs on the data directory.",
        footer = "pavel import world.json loads it into a new data directory.")
final class ExportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec = CommandSpec.create();

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:PAVEL_DATA:-./pavel-data}",
            description = "The data directory (PAVEL_DATA). Default: ${DEFAULT-VALUE}.")
    private Path data = ServerConfig.DEFAULT_DATA_DIRECTORY;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            WorldContent world = WorldReader.read(data);
            WorldJsonWriter.write(world, Instant.now(), Version.current().value(), out);
        } catch (StoreException e) {
            return CommandFailure.report(err, e.getMessage());
        } catch (IOException e) {
            return CommandFailure.report(err, "Cannot write the export: " + e.getMessage() + ".");
        }
        // A PrintWriter keeps its errors to itself: a full disk or a closed pipe shows only here.
        if (out.checkError()) {
            return CommandFailure.report(err, "Cannot write the export to standard output (a full disk or a closed"
                    + " pipe); it is incomplete.");
        }
        return 0;
    }
}

package pavel.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pavel.server.store.ImportRefusedException;
import pavel.server.store.SqliteWorld;
import pavel.server.store.StoreException;
import pavel.server.store.WorldContent;
import pavel.server.store.WorldImport;
import pavel.server.store.WorldJsonReader;
import pavel.server.store.WorldJsonReader.Problem;

/**
 * {@code pavel import [--data DIR] FILE}: loads a world that {@code pavel export} wrote into a data directory that
 * holds no world yet. The whole file is checked before anything is written, and it is written in one transaction:
 * the directory ends up with the exported world or as it was. Used once per process.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Load a world that pavel export wrote into a data directory that holds no world yet "
                + "(created if missing). The file is checked whole first; a file with a problem imports nothing.",
        footer = "Stop any server on the data directory first; the import takes it for itself.")
final class ImportCommand implements Callable<Integer> {

    private final InputStream stdin;

    @Spec
    private CommandSpec spec = CommandSpec.create();

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:PAVEL_DATA:-./pavel-data}",
            description = "The data directory (PAVEL_DATA). Default: ${DEFAULT-VALUE}.")
    private Path data = ServerConfig.DEFAULT_DATA_DIRECTORY;

    @Parameters(index = "0", paramLabel = "FILE", description = "The export to load; - reads standard input.")
    private String file = "-";

    /** @param stdin what {@code FILE} {@code -} reads */
    ImportCommand(InputStream stdin) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String source = file.equals("-") ? "standard input" : file;
        WorldJsonReader.Result read;
        try {
            read = read();
        } catch (NoSuchFileException e) {
            return CommandFailure.report(err, "There is no file " + file + " to import.");
        } catch (AccessDeniedException e) {
            return CommandFailure.report(err, "Cannot read " + file + ": permission denied.");
        } catch (IOException | InvalidPathException e) {
            return CommandFailure.report(err, "Cannot read " + source + ": " + e.getMessage() + ".");
        }
        return switch (read) {
            case WorldJsonReader.Result.Refused(List<Problem> problems) ->
                    CommandFailure.report(err, "Cannot import " + source + ": " + problems.getFirst()
                            + (problems.size() == 1 ? "" : " (and " + count(problems.size() - 1, "more problem") + ")")
                            + "; nothing was imported.");
            case WorldJsonReader.Result.Accepted(WorldContent world) -> load(world, err);
        };
    }

    /** Writes a checked world into the data directory, taking its lock as a server would. */
    private int load(WorldContent world, PrintWriter err) {
        Path directory;
        try {
            directory = DataDirectory.prepare(data).path();
        } catch (StartupException e) {
            return CommandFailure.report(err, e.getMessage());
        }
        try (SqliteWorld target = SqliteWorld.open(directory, SqliteWorld.Options.DEFAULTS)) {
            WorldImport.into(target, world, directory);
        } catch (StoreException | ImportRefusedException e) {
            return CommandFailure.report(err, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Imported " + count(world.spaces().size(), "space") + " and " + count(world.objects().size(),
                "object") + " into " + directory + ".");
        out.flush();
        return 0;
    }

    private WorldJsonReader.Result read() throws IOException {
        if (file.equals("-")) {
            return WorldJsonReader.read(stdin); // not closed: standard input is not ours
        }
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return WorldJsonReader.read(in);
        }
    }

    private static String count(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }
}

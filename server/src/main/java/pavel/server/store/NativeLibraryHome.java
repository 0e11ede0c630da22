package pavel.server.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where sqlite-jdbc puts the copy of its native library that it loads: {@code native/} in the data directory.
 *
 * <p>The driver copies the library to a file of its own in its temp directory at first use and deletes it when the
 * JVM exits normally. A server killed with {@code -9} leaves its copy behind, about a megabyte in the shared
 * {@code /tmp} per crash, and the driver's own clean-up keeps those because their lock files are left too. In the
 * data directory, whose lock this process holds, every copy is a dead predecessor's, so the first world opened in
 * a JVM clears them before the driver makes its own.
 */
final class NativeLibraryHome {

    static final String DIRECTORY = "native";

    /** The driver's setting for the directory it copies its library into. */
    private static final String TEMP_DIRECTORY_PROPERTY = "org.sqlite.tmpdir";

    private static final Logger log = LoggerFactory.getLogger(NativeLibraryHome.class);

    private static boolean chosen;

    private NativeLibraryHome() {
    }

    /**
     * Makes {@code dataDirectory}'s {@code native/} the driver's directory, once per JVM and only if nobody set
     * {@value #TEMP_DIRECTORY_PROPERTY}. Call it holding the data directory's lock, before the first connection.
     */
    static synchronized void chooseIn(Path dataDirectory) {
        if (chosen || System.getProperty(TEMP_DIRECTORY_PROPERTY) != null) {
            return;
        }
        chosen = true;
        Path home = dataDirectory.resolve(DIRECTORY);
        try {
            Files.createDirectories(home);
            int removed = removeLeftCopies(home);
            if (removed > 0) {
                log.info("Copies of the SQLite library left by killed servers: {} removed", removed);
            }
            System.setProperty(TEMP_DIRECTORY_PROPERTY, home.toString());
        } catch (IOException e) {
            // The driver's default temp directory still works; only the clean-up is lost.
            log.warn("Cannot keep the SQLite library in {} ({}); it goes to the temp directory", home, e.toString());
        }
    }

    private static int removeLeftCopies(Path home) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(home, "sqlite-*")) {
            for (Path copy : copies) {
                if (Files.deleteIfExists(copy) && !copy.toString().endsWith(".lck")) {
                    removed++;
                }
            }
        }
        return removed;
    }
}

package pavel.server.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where sqlite-jdbc puts the copy of its native library that it loads: {@code native/} in the data directory.
 *
 * <p>The driver copies the library to a file of its own in its temp directory at first use and deletes it when the
 * JVM exits normally. A server killed with {@code -9} leaves its copy behind, about a megabyte in the shared
 * {@code /tmp} per crash, and the driver's own clean-up keeps those because their lock files are left too. In the
 * data directory, whose lock this process holds, every copy is a dead predecessor's, so the first world opened in
 * a JVM clears them before the driver makes its own. A data directory on a mount that forbids running code
 * ({@code noexec}) keeps the driver's default, since the library could not be loaded from there.
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
            Path mounts = Path.of("/proc/self/mountinfo");
            if (Files.isReadable(mounts) && onNoexecMount(Files.readAllLines(mounts), dataDirectory.toRealPath())) {
                // The library could not be loaded from there; the driver's temp directory still works.
                log.info("The data directory {} is on a mount that forbids running code; the SQLite library is "
                        + "copied to the temp directory, where a killed server leaves its copy", dataDirectory);
                return;
            }
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

    /**
     * Whether {@code path} (a real path) lies on a mount with {@code noexec}, going by {@code mountinfo}, the lines of
     * Linux's {@code /proc/self/mountinfo}: the innermost mount point that holds it decides, the last one listed when
     * several are stacked on the same point.
     */
    static boolean onNoexecMount(List<String> mountinfo, Path path) {
        Path innermost = null;
        boolean noexec = false;
        for (String line : mountinfo) {
            String[] fields = line.split(" ");
            if (fields.length < 6) {
                continue;
            }
            Path mountPoint = Path.of(unescape(fields[4]));
            if (path.startsWith(mountPoint)
                    && (innermost == null || mountPoint.getNameCount() >= innermost.getNameCount())) {
                innermost = mountPoint;
                noexec = Arrays.asList(fields[5].split(",")).contains("noexec");
            }
        }
        return noexec;
    }

    /** The kernel writes space, tab, newline and backslash in mount points as three octal digits after a backslash. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String text, int from) {
        for (int i = from; i < from + 3; i++) {
            if (i >= text.length() || text.charAt(i) < '0' || text.charAt(i) > '7') {
                return false;
            }
        }
        return true;
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

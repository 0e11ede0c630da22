package pavel.server;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The directory where the server keeps its world: created at start if missing, and checked for writing
 * by creating and deleting a probe file, which also works where permission bits do not tell the whole
 * story (running as root, read-only mounts).
 *
 * @param path the absolute, normalized path
 */
public record DataDirectory(Path path) {

    /** Checks that the path is absolute. */
    public DataDirectory {
        Objects.requireNonNull(path, "path");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("Data directory path (" + path + ") must be absolute.");
        }
    }

    /**
     * Creates the directory if needed and checks that it can be written.
     *
     * @param configured the path as configured, relative to the working directory or absolute
     * @throws StartupException with one sentence naming the path if it cannot be created or written
     */
    public static DataDirectory prepare(Path configured) {
        Path path = configured.toAbsolutePath().normalize();
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new StartupException("The data directory " + path + " is a file, not a directory.");
        }
        for (Path ancestor = path.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
            if (Files.exists(ancestor)) {
                if (!Files.isDirectory(ancestor)) {
                    throw new StartupException(
                            "Cannot create the data directory " + path + ": " + ancestor + " is not a directory.");
                }
                break;
            }
        }
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new StartupException("Cannot create the data directory " + path + ": " + reason(e) + ".", e);
        }
        try {
            Path probe = Files.createTempFile(path, ".pavel-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new StartupException("The data directory " + path + " is not writable: " + reason(e) + ".", e);
        }
        return new DataDirectory(path);
    }

    private static String reason(IOException e) {
        return switch (e) {
            case AccessDeniedException denied -> "permission denied for " + denied.getFile();
            case FileAlreadyExistsException exists -> exists.getFile() + " is a file";
            case NotDirectoryException notDirectory -> notDirectory.getFile() + " is not a directory";
            case NoSuchFileException missing -> missing.getFile() + " does not exist";
            case FileSystemException other when other.getReason() != null ->
                    other.getReason().toLowerCase(Locale.ROOT);
            default -> e.getClass().getSimpleName();
        };
    }
}

package pavel.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the web client's files in a class-path folder, in a jar or a directory, and reads them into memory.
 *
 * <p>Each file becomes a {@link StaticFile} to be registered as its own route, so nothing maps a request
 * path onto the file system or the class path at request time: there is nothing to traverse. Only files
 * whose relative paths are plain names ({@code [A-Za-z0-9][A-Za-z0-9._-]*} per segment) and whose
 * extensions have a known media type are taken; the rest is skipped and logged at debug level.
 */
public final class StaticFiles {

    private static final Logger log = LoggerFactory.getLogger(StaticFiles.class);
    private static final Pattern PLAIN_PATH =
            Pattern.compile("(?:[A-Za-z0-9][A-Za-z0-9._-]*/)*[A-Za-z0-9][A-Za-z0-9._-]*");

    private StaticFiles() {}

    /**
     * Loads every file under {@code folder} on {@code loader}'s class path; where several class-path entries
     * have the same file, the first wins.
     *
     * @param loader the class loader to search
     * @param folder a resource folder ending in {@code /}, e.g. {@code pavel/web/}
     * @return the files, sorted by path; maybe empty, never null
     * @throws UncheckedIOException if a folder that exists cannot be read
     */
    public static List<StaticFile> load(ClassLoader loader, String folder) {
        Objects.requireNonNull(loader, "loader");
        if (!folder.endsWith("/") || folder.startsWith("/")) {
            throw new IllegalArgumentException("Folder '" + folder + "' must be relative and end with '/'.");
        }
        Map<String, StaticFile> files = new TreeMap<>();
        try {
            Enumeration<URL> roots = loader.getResources(folder);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                switch (root.getProtocol()) {
                    case "file" -> readDirectory(Path.of(root.toURI()), files);
                    case "jar" -> readJar(root, folder, files);
                    default -> log.warn("Cannot list the web client files at {}; skipping them", root);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the web client files in " + folder + ".", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("The class path has a malformed URL for " + folder + ".", e);
        }
        return List.copyOf(files.values());
    }

    private static void readDirectory(Path root, Map<String, StaticFile> files) throws IOException {
        List<Path> regularFiles = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(regularFiles::add);
        }
        for (Path file : regularFiles) {
            String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            if (accepts(relative)) {
                add(relative, Files.readAllBytes(file), files);
            }
        }
    }

    private static void readJar(URL root, String folder, Map<String, StaticFile> files) throws IOException {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : jar.stream().toList()) {
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(folder)) {
                    continue;
                }
                String relative = name.substring(folder.length());
                if (accepts(relative)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        add(relative, in.readAllBytes(), files);
                    }
                }
            }
        }
    }

    private static boolean accepts(String relative) {
        if (PLAIN_PATH.matcher(relative).matches() && MediaTypes.forFileName(relative) != null) {
            return true;
        }
        log.debug("Not serving web client file {}: not a plain name with a known media type", relative);
        return false;
    }

    private static void add(String relative, byte[] content, Map<String, StaticFile> files) {
        String path = "/" + relative;
        String contentType = Objects.requireNonNull(MediaTypes.forFileName(relative));
        files.putIfAbsent(path, new StaticFile(path, contentType, content));
    }
}

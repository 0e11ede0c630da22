package pavel.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticFilesTest {

    @TempDir
    Path temp;

    private static final List<String> NAMES = List.of(
            "index.html", "app.css", "js/status.js", "icons/logo.svg", ".hidden.js", "notes.exe", "a b.html",
            "js/.env.json");

    private static List<String> paths(List<StaticFile> files) {
        return files.stream().map(StaticFile::path).toList();
    }

    private Path jarWith(List<String> names) throws IOException {
        Path jar = temp.resolve("web-client.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("pavel/"));
            out.putNextEntry(new JarEntry("pavel/web/"));
            for (String name : names) {
                out.putNextEntry(new JarEntry("pavel/web/" + name));
                out.write(("content of " + name).getBytes(StandardCharsets.UTF_8));
            }
            out.putNextEntry(new JarEntry("pavel/other/secret.json"));
        }
        return jar;
    }

    @Test
    void readsPlainFilesWithKnownTypesFromAJar() throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jarWith(NAMES).toUri().toURL()}, null)) {
            List<StaticFile> files = StaticFiles.load(loader, "pavel/web/");

            assertEquals(List.of("/app.css", "/icons/logo.svg", "/index.html", "/js/status.js"), paths(files));
            StaticFile script = files.get(3);
            assertEquals("text/javascript; charset=utf-8", script.contentType());
            assertEquals("content of js/status.js".length(), script.size());
        }
    }

    @Test
    void readsTheSameFromADirectory() throws IOException {
        Path root = temp.resolve("classes");
        for (String name : NAMES) {
            Path file = root.resolve("pavel/web").resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "content of " + name);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            assertEquals(List.of("/app.css", "/icons/logo.svg", "/index.html", "/js/status.js"),
                    paths(StaticFiles.load(loader, "pavel/web/")));
        }
    }

    @Test
    void firstClassPathEntryWinsForTheSameFile() throws IOException {
        Path first = temp.resolve("first");
        Files.createDirectories(first.resolve("pavel/web"));
        try (OutputStream out = Files.newOutputStream(first.resolve("pavel/web/app.css"))) {
            out.write("x".getBytes(StandardCharsets.UTF_8));
        }
        URL[] urls = {first.toUri().toURL(), jarWith(NAMES).toUri().toURL()};
        try (URLClassLoader loader = new URLClassLoader(urls, null)) {
            assertEquals(1, StaticFiles.load(loader, "pavel/web/").getFirst().size());
        }
    }

    @Test
    void missingFolderGivesNoFiles() throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[0], null)) {
            assertEquals(List.of(), StaticFiles.load(loader, "pavel/web/"));
        }
    }

    @Test
    void folderMustBeRelativeAndEndInASlash() {
        assertThrows(IllegalArgumentException.class, () -> StaticFiles.load(getClass().getClassLoader(), "/pavel/web/"));
        assertThrows(IllegalArgumentException.class, () -> StaticFiles.load(getClass().getClassLoader(), "pavel/web"));
    }

    @Test
    void mediaTypesCoverTheWebClientsFiles() {
        assertEquals("text/html; charset=utf-8", MediaTypes.forFileName("index.html"));
        assertEquals("text/javascript; charset=utf-8", MediaTypes.forFileName("status.js"));
        assertEquals("text/css; charset=utf-8", MediaTypes.forFileName("APP.CSS"));
        assertEquals("image/svg+xml", MediaTypes.forFileName("logo.svg"));
        assertEquals("application/json", MediaTypes.forFileName("data.json"));
        assertEquals(null, MediaTypes.forFileName("README"));
    }
}

package pavel.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * The server's version, as Maven wrote it into {@code pavel/server/version.properties} at build time.
 *
 * @param value the version, e.g. {@code 0.1.0-SNAPSHOT}
 */
public record Version(String value) {

    private static final String RESOURCE = "version.properties";

    /** Checks that the value is a real version. */
    public Version {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.contains("${")) {
            throw new IllegalArgumentException("Version '" + value + "' was not filled in by the build.");
        }
    }

    /**
     * The version of this build.
     *
     * @throws IllegalStateException if the resource is missing or was not filtered (a broken build)
     */
    public static Version current() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The class path has no pavel/server/" + RESOURCE + ".");
            }
            Properties properties = new Properties();
            properties.load(in);
            return new Version(properties.getProperty("version", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read pavel/server/" + RESOURCE + ".", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

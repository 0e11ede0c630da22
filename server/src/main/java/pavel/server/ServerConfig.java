package pavel.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import pavel.server.ptth.PtthConfig;

/**
 * How a {@link PavelServer} runs: where it listens, where it keeps its data and its limits.
 *
 * <p>Immutable; build one with {@link #newBuilder()}, change one with {@link #toBuilder()}:
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.newBuilder().port(0).dataDirectory(tempDir).build();
 * ServerConfig small = config.toBuilder().maxBodyBytes(1024).build();
 * }</pre>
 *
 * @param bind the host name or address to listen on; {@code 127.0.0.1} by default
 * @param port the TCP port; {@code 0} picks a free one; {@code 8080} by default
 * @param dataDirectory where the world is kept; created at start if missing; {@code ./pavel-data} by default
 * @param maxHeadBytes the limit for the request line and, separately, the header section; 8 KiB by default
 * @param maxBodyBytes the largest request body accepted; 1 MiB by default
 * @param idleTimeout how long a connection may sit without traffic between requests; 60 s by default
 * @param shutdownGrace how long {@link PavelServer#stop()} waits for requests in flight; 5 s by default
 * @param ptth the PTTH timers and limits (heartbeat, response timeout, hold, queue expiry, queue bounds)
 * @param consolePort the TCP port of the console REPL, always on 127.0.0.1 whatever {@link #bind()} says;
 *     {@code 0} picks a free one; {@link #NO_CONSOLE} ({@code -1}, the default) runs none
 */
public record ServerConfig(
        String bind, int port, Path dataDirectory, int maxHeadBytes, int maxBodyBytes,
        Duration idleTimeout, Duration shutdownGrace, PtthConfig ptth, int consolePort) {

    /** The default {@link #bind()}: loopback only. */
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** The default {@link #port()}. */
    public static final int DEFAULT_PORT = 8080;
    /** The default {@link #dataDirectory()}, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("pavel-data");
    /** The default {@link #maxHeadBytes()}: 8 KiB. */
    public static final int DEFAULT_MAX_HEAD_BYTES = 8 * 1024;
    /** The default {@link #maxBodyBytes()}: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** The default {@link #idleTimeout()}. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** The default {@link #shutdownGrace()}. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /** The {@link #consolePort()} that means no console: the default. */
    public static final int NO_CONSOLE = -1;

    /** Checks every field and names the one that is wrong. */
    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(ptth, "ptth");
        if (bind.isBlank()) {
            throw new IllegalArgumentException("Bind address must not be blank.");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Port (" + port + ") must be between 0 and 65535.");
        }
        if (maxHeadBytes < 256) {
            throw new IllegalArgumentException("Head limit (" + maxHeadBytes + " bytes) must be at least 256 bytes.");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("Body limit (" + maxBodyBytes + " bytes) must be positive.");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("Idle timeout (" + idleTimeout + ") must be positive.");
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("Shutdown grace (" + shutdownGrace + ") must not be negative.");
        }
        if (consolePort < NO_CONSOLE || consolePort > 65535) {
            throw new IllegalArgumentException(
                    "Console port (" + consolePort + ") must be between 0 and 65535, or -1 for no console.");
        }
    }

    /** Whether the console REPL runs on {@link #consolePort()}. */
    public boolean hasConsole() {
        return consolePort != NO_CONSOLE;
    }

    /** A builder with every default. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        return new Builder()
                .bind(bind)
                .port(port)
                .dataDirectory(dataDirectory)
                .maxHeadBytes(maxHeadBytes)
                .maxBodyBytes(maxBodyBytes)
                .idleTimeout(idleTimeout)
                .shutdownGrace(shutdownGrace)
                .ptth(ptth)
                .consolePort(consolePort);
    }

    /** Collects the fields of a {@link ServerConfig}; checks happen in {@link #build()}. Not thread-safe. */
    public static final class Builder {

        private String bind = DEFAULT_BIND;
        private int port = DEFAULT_PORT;
        private Path dataDirectory = DEFAULT_DATA_DIRECTORY;
        private int maxHeadBytes = DEFAULT_MAX_HEAD_BYTES;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private PtthConfig ptth = PtthConfig.newBuilder().build();
        private int consolePort = NO_CONSOLE;

        private Builder() {}

        /** See {@link ServerConfig#bind()}. */
        public Builder bind(String bind) {
            this.bind = bind;
            return this;
        }

        /** See {@link ServerConfig#port()}. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** See {@link ServerConfig#dataDirectory()}. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** See {@link ServerConfig#maxHeadBytes()}. */
        public Builder maxHeadBytes(int maxHeadBytes) {
            this.maxHeadBytes = maxHeadBytes;
            return this;
        }

        /** See {@link ServerConfig#maxBodyBytes()}. */
        public Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** See {@link ServerConfig#idleTimeout()}. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** See {@link ServerConfig#shutdownGrace()}. */
        public Builder shutdownGrace(Duration shutdownGrace) {
            this.shutdownGrace = shutdownGrace;
            return this;
        }

        /** See {@link ServerConfig#ptth()}. */
        public Builder ptth(PtthConfig ptth) {
            this.ptth = ptth;
            return this;
        }

        /** See {@link ServerConfig#consolePort()}. */
        public Builder consolePort(int consolePort) {
            this.consolePort = consolePort;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException naming the first field that is out of range
         */
        public ServerConfig build() {
            return new ServerConfig(bind, port, dataDirectory, maxHeadBytes, maxBodyBytes, idleTimeout, shutdownGrace, ptth,
                    consolePort);
        }
    }
}

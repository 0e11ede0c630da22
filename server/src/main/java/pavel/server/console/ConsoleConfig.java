package pavel.server.console;

import java.time.Duration;
import java.util.Objects;

/**
 * How the TCP console runs. Immutable; change a copy through {@link #toBuilder()}:
 *
 * <pre>{@code
 * ConsoleConfig config = ConsoleConfig.newBuilder().port(8023).build();
 * }</pre>
 *
 * @param port the TCP port on 127.0.0.1; {@code 0} picks a free one; {@code 8023} by default
 * @param maxConnections the most connections open at once; one more is told so and closed; 8 by default
 * @param idleTimeout how long a connection may wait for its next line before it is closed; 10 minutes by default
 * @param maxLineBytes the longest line (and the longest input of several lines) taken; longer ones are refused
 *     without running; 64 KiB by default
 */
public record ConsoleConfig(int port, int maxConnections, Duration idleTimeout, int maxLineBytes) {

    /** The defaults: port 8023, 8 connections, 10 minutes idle, lines of 64 KiB. */
    public static final ConsoleConfig DEFAULTS = new ConsoleConfig(8023, 8, Duration.ofMinutes(10), 64 * 1024);

    /** Checks every field and names the one that is wrong. */
    public ConsoleConfig {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Console port (" + port + ") must be between 0 and 65535.");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("Console connections (" + maxConnections + ") must be at least 1.");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || idleTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Console idle timeout (" + idleTimeout
                    + ") must be positive and under 24 days.");
        }
        if (maxLineBytes < 80) {
            throw new IllegalArgumentException("Console line limit (" + maxLineBytes + " bytes) must be at least 80.");
        }
    }

    /** A builder that starts from {@link #DEFAULTS}. */
    public static Builder newBuilder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects the fields of a {@link ConsoleConfig}; checks happen in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private int port;
        private int maxConnections;
        private Duration idleTimeout;
        private int maxLineBytes;

        private Builder(ConsoleConfig from) {
            port = from.port;
            maxConnections = from.maxConnections;
            idleTimeout = from.idleTimeout;
            maxLineBytes = from.maxLineBytes;
        }

        /** See {@link ConsoleConfig#port()}. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** See {@link ConsoleConfig#maxConnections()}. */
        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        /** See {@link ConsoleConfig#idleTimeout()}. */
        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        /** See {@link ConsoleConfig#maxLineBytes()}. */
        public Builder maxLineBytes(int value) {
            maxLineBytes = value;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException naming the first field that is out of range
         */
        public ConsoleConfig build() {
            return new ConsoleConfig(port, maxConnections, idleTimeout, maxLineBytes);
        }
    }
}

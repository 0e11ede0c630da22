package pavel.server.ptth;

import java.time.Duration;
import java.util.Objects;

/**
 * The timers and limits of PTTH (PTTH.md §2.5), on the server's side.
 *
 * <p>Immutable; {@link #newBuilder()} starts from the profile's defaults, tests shorten the timers:
 *
 * <pre>{@code
 * PtthConfig fast = PtthConfig.newBuilder().heartbeat(Duration.ofMillis(200)).hold(Duration.ofMillis(300)).build();
 * }</pre>
 *
 * @param heartbeat {@code T_hb}: an upgraded connection idle this long gets {@code OPTIONS *}; 25 s
 * @param responseTimeout {@code T_resp}: a reverse request unanswered this long fails (and closes its connection); 30 s
 * @param hold {@code T_hold}: how long a long poll waits for a request before answering {@code {}}; 25 s
 * @param queueExpiry {@code T_queue}: a session without a connection or a poll for this long is gone; 60 s
 * @param maxInFlight pipelined requests per upgraded connection; 64
 * @param maxQueuedRequests undelivered requests per session before its backlog is dropped for a resync; 1,000
 * @param maxQueuedBytes undelivered body and header bytes per session before the same happens; 16 MiB
 * @param maxConnectionsPerSession upgraded connections one session may hold; more get {@code 429}; 4
 * @param maxHandshakeBodyBytes the largest handshake body read and discarded before the switch; 8 KiB
 * @param maxAnswerBytes the largest poll body (the answers); 1 MiB
 * @param legacyNoConnectionHeader upgrade requests without any {@code Connection} header too (2008 wiki peers); on
 */
public record PtthConfig(
        Duration heartbeat, Duration responseTimeout, Duration hold, Duration queueExpiry,
        int maxInFlight, int maxQueuedRequests, long maxQueuedBytes, int maxConnectionsPerSession,
        int maxHandshakeBodyBytes, int maxAnswerBytes, boolean legacyNoConnectionHeader) {

    /** Checks every field and names the one that is wrong. */
    public PtthConfig {
        positive(heartbeat, "Heartbeat");
        positive(responseTimeout, "Response timeout");
        positive(hold, "Hold time");
        positive(queueExpiry, "Queue expiry");
        atLeastOne(maxInFlight, "In-flight limit");
        atLeastOne(maxQueuedRequests, "Queued request limit");
        atLeastOne(maxQueuedBytes, "Queued byte limit");
        atLeastOne(maxConnectionsPerSession, "Connections per session");
        atLeastOne(maxHandshakeBodyBytes, "Handshake body limit");
        atLeastOne(maxAnswerBytes, "Answer size limit");
    }

    /** A builder with the defaults of PTTH.md §2.5. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.heartbeat = heartbeat;
        b.responseTimeout = responseTimeout;
        b.hold = hold;
        b.queueExpiry = queueExpiry;
        b.maxInFlight = maxInFlight;
        b.maxQueuedRequests = maxQueuedRequests;
        b.maxQueuedBytes = maxQueuedBytes;
        b.maxConnectionsPerSession = maxConnectionsPerSession;
        b.maxHandshakeBodyBytes = maxHandshakeBodyBytes;
        b.maxAnswerBytes = maxAnswerBytes;
        b.legacyNoConnectionHeader = legacyNoConnectionHeader;
        return b;
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " (" + value + ") must be positive.");
        }
    }

    private static void atLeastOne(long value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " (" + value + ") must be at least 1.");
        }
    }

    /** Collects the fields of a {@link PtthConfig}; checks happen in {@link #build()}. Not thread-safe. */
    public static final class Builder {

        private Duration heartbeat = Duration.ofSeconds(25);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private Duration hold = Duration.ofSeconds(25);
        private Duration queueExpiry = Duration.ofSeconds(60);
        private int maxInFlight = 64;
        private int maxQueuedRequests = 1000;
        private long maxQueuedBytes = 16L * 1024 * 1024;
        private int maxConnectionsPerSession = 4;
        private int maxHandshakeBodyBytes = 8 * 1024;
        private int maxAnswerBytes = 1024 * 1024;
        private boolean legacyNoConnectionHeader = true;

        private Builder() {}

        /** See {@link PtthConfig#heartbeat()}. */
        public Builder heartbeat(Duration value) {
            heartbeat = value;
            return this;
        }

        /** See {@link PtthConfig#responseTimeout()}. */
        public Builder responseTimeout(Duration value) {
            responseTimeout = value;
            return this;
        }

        /** See {@link PtthConfig#hold()}. */
        public Builder hold(Duration value) {
            hold = value;
            return this;
        }

        /** See {@link PtthConfig#queueExpiry()}. */
        public Builder queueExpiry(Duration value) {
            queueExpiry = value;
            return this;
        }

        /** See {@link PtthConfig#maxInFlight()}. */
        public Builder maxInFlight(int value) {
            maxInFlight = value;
            return this;
        }

        /** See {@link PtthConfig#maxQueuedRequests()}. */
        public Builder maxQueuedRequests(int value) {
            maxQueuedRequests = value;
            return this;
        }

        /** See {@link PtthConfig#maxQueuedBytes()}. */
        public Builder maxQueuedBytes(long value) {
            maxQueuedBytes = value;
            return this;
        }

        /** See {@link PtthConfig#maxConnectionsPerSession()}. */
        public Builder maxConnectionsPerSession(int value) {
            maxConnectionsPerSession = value;
            return this;
        }

        /** See {@link PtthConfig#maxHandshakeBodyBytes()}. */
        public Builder maxHandshakeBodyBytes(int value) {
            maxHandshakeBodyBytes = value;
            return this;
        }

        /** See {@link PtthConfig#maxAnswerBytes()}. */
        public Builder maxAnswerBytes(int value) {
            maxAnswerBytes = value;
            return this;
        }

        /** See {@link PtthConfig#legacyNoConnectionHeader()}. */
        public Builder legacyNoConnectionHeader(boolean value) {
            legacyNoConnectionHeader = value;
            return this;
        }

        /** The configuration; throws {@link IllegalArgumentException} naming the first field out of range. */
        public PtthConfig build() {
            return new PtthConfig(heartbeat, responseTimeout, hold, queueExpiry, maxInFlight, maxQueuedRequests,
                    maxQueuedBytes, maxConnectionsPerSession, maxHandshakeBodyBytes, maxAnswerBytes,
                    legacyNoConnectionHeader);
        }
    }
}

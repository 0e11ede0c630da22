package pavel.desktop.ptth;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import pavel.ptth.Header;

/**
 * Immutable settings of a {@link PtthClient}: where to connect, what to put on the handshake, the timers of PTTH.md
 * §2.5 and the limits of the client's HTTP-server side (§5.1.1). Thread-safe.
 *
 * <pre>{@code
 * PtthClientConfig config = PtthClientConfig.newBuilder(URI.create("http://127.0.0.1:8080/ptth"))
 *         .viewSpaces(List.of("main", "lab"))
 *         .extraHeaders(List.of(new Header("Authorization", "Bearer " + token)))
 *         .build();
 * }</pre>
 */
public final class PtthClientConfig {
    /** The token Pavel offers: {@code PTTH/1.0}. */
    public static final String TOKEN = "PTTH/1.0";
    /** The 2008 wiki token, offered only with {@link Builder#offerLegacyToken(boolean)}. */
    public static final String LEGACY_TOKEN = "PTTH/0.9";

    private static final Executor VIRTUAL_THREADS = virtualThreads();

    private final URI serverUri;
    private final @Nullable String sessionId;
    private final List<String> viewSpaces;
    private final List<Header> extraHeaders;
    private final Supplier<List<Header>> dynamicHeaders;
    private final boolean offerLegacyToken;
    private final boolean openSessionFirst;
    private final Duration connectTimeout;
    private final Duration handshakeTimeout;
    private final Duration deadPeerTimeout;
    private final Duration longPollReadTimeout;
    private final Duration backoffBase;
    private final double backoffFactor;
    private final Duration backoffCap;
    private final Duration backoffResetAfter;
    private final int maxInitialLineLength;
    private final int maxHeaderSize;
    private final int maxContentLength;
    private final int maxConcurrentHandlers;
    private final Executor handlerExecutor;
    private final InstantSource clock;
    private final RandomGenerator random;

    private PtthClientConfig(Builder b) {
        this.serverUri = b.serverUri;
        this.sessionId = b.sessionId;
        this.viewSpaces = List.copyOf(b.viewSpaces);
        this.extraHeaders = List.copyOf(b.extraHeaders);
        this.dynamicHeaders = b.dynamicHeaders;
        this.offerLegacyToken = b.offerLegacyToken;
        this.openSessionFirst = b.openSessionFirst;
        this.connectTimeout = b.connectTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.deadPeerTimeout = b.deadPeerTimeout;
        this.longPollReadTimeout = b.longPollReadTimeout;
        this.backoffBase = b.backoffBase;
        this.backoffFactor = b.backoffFactor;
        this.backoffCap = b.backoffCap;
        this.backoffResetAfter = b.backoffResetAfter;
        this.maxInitialLineLength = b.maxInitialLineLength;
        this.maxHeaderSize = b.maxHeaderSize;
        this.maxContentLength = b.maxContentLength;
        this.maxConcurrentHandlers = b.maxConcurrentHandlers;
        this.handlerExecutor = b.handlerExecutor;
        this.clock = b.clock;
        this.random = b.random;
    }

    /** A builder with the defaults of PTTH.md §2.5 for the PTTH endpoint {@code serverUri} ({@code http} or {@code https}). */
    public static Builder newBuilder(URI serverUri) {
        return new Builder(serverUri);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The PTTH endpoint, e.g. {@code http://127.0.0.1:8080/ptth}. */
    public URI serverUri() {
        return serverUri;
    }

    /** The session to resume on the first handshake ({@code Pavel-Session}), or null for a new one. */
    public @Nullable String sessionId() {
        return sessionId;
    }

    /** The spaces named in {@code Pavel-View}; empty: no header (the server's default, {@code main}). */
    public List<String> viewSpaces() {
        return viewSpaces;
    }

    /** Sent on every handshake after the PTTH fields, e.g. {@code Authorization}. */
    public List<Header> extraHeaders() {
        return extraHeaders;
    }

    /** Asked at every attempt for more handshake fields, e.g. the current {@code Pavel-Version} of each space. */
    public Supplier<List<Header>> dynamicHeaders() {
        return dynamicHeaders;
    }

    /** True to offer {@code PTTH/0.9} instead of {@code PTTH/1.0}: legacy peers and their tests only. */
    public boolean offerLegacyToken() {
        return offerLegacyToken;
    }

    /**
     * True (the default, Pavel's own server): without a known session queue, open a session with {@code POST} to the
     * endpoint without {@code Upgrade} first, then upgrade on the session's queue URI, so the client learns its
     * session and resumes it after a dropped socket (PTTH.md §0). False: upgrade on the endpoint directly (any PTTH
     * server; TV-1); the session is then known only if the server's {@code 101} names it.
     */
    public boolean openSessionFirst() {
        return openSessionFirst;
    }

    /** The token the handshake offers first. */
    public String offeredToken() {
        return offerLegacyToken ? LEGACY_TOKEN : TOKEN;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long A waits for the complete handshake response head (10 s). */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** {@code T_dead}: no request for this long and A closes and reconnects (60 s). */
    public Duration deadPeerTimeout() {
        return deadPeerTimeout;
    }

    /** How long a long-poll may go unanswered before A gives up on the connection (40 s: {@code T_hold} + 15 s). */
    public Duration longPollReadTimeout() {
        return longPollReadTimeout;
    }

    public Duration backoffBase() {
        return backoffBase;
    }

    public double backoffFactor() {
        return backoffFactor;
    }

    public Duration backoffCap() {
        return backoffCap;
    }

    /** A connection that stayed up this long resets the back-off (60 s). */
    public Duration backoffResetAfter() {
        return backoffResetAfter;
    }

    public int maxInitialLineLength() {
        return maxInitialLineLength;
    }

    public int maxHeaderSize() {
        return maxHeaderSize;
    }

    /** The largest reversed request body A accepts (16 MiB); larger ones get 413 and the connection closes. */
    public int maxContentLength() {
        return maxContentLength;
    }

    /**
     * How many reversed requests of one connection may be handled at the same time (1: one after another, in
     * arrival order, so a document op never overtakes the one before it). Answers go out in request order anyway.
     */
    public int maxConcurrentHandlers() {
        return maxConcurrentHandlers;
    }

    /** Where handlers run; never a Netty event loop. Default: a new virtual thread per request. */
    public Executor handlerExecutor() {
        return handlerExecutor;
    }

    public InstantSource clock() {
        return clock;
    }

    /** The source of back-off jitter. */
    public RandomGenerator random() {
        return random;
    }

    /** {@code host[:port]} as the handshake's {@code Host} field carries it. */
    String authority() {
        String host = serverUri.getHost();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return serverUri.getPort() < 0 ? host : host + ":" + serverUri.getPort();
    }

    int port() {
        if (serverUri.getPort() >= 0) {
            return serverUri.getPort();
        }
        return isTls() ? 443 : 80;
    }

    boolean isTls() {
        return serverUri.getScheme().equalsIgnoreCase("https");
    }

    /** The request-target of the handshake: path and query of the URI. */
    String target() {
        String path = serverUri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        return serverUri.getRawQuery() == null ? path : path + "?" + serverUri.getRawQuery();
    }

    @Override
    public String toString() {
        return "PtthClientConfig{serverUri=" + serverUri
                + ", sessionId=" + (sessionId == null ? "none" : "(set)")
                + ", viewSpaces=" + viewSpaces
                + ", extraHeaders=" + extraHeaders.stream().map(Header::name).toList()
                + ", offerLegacyToken=" + offerLegacyToken
                + ", openSessionFirst=" + openSessionFirst
                + ", connectTimeout=" + connectTimeout
                + ", handshakeTimeout=" + handshakeTimeout
                + ", deadPeerTimeout=" + deadPeerTimeout
                + ", longPollReadTimeout=" + longPollReadTimeout
                + ", backoffBase=" + backoffBase
                + ", backoffFactor=" + backoffFactor
                + ", backoffCap=" + backoffCap
                + ", backoffResetAfter=" + backoffResetAfter
                + ", maxInitialLineLength=" + maxInitialLineLength
                + ", maxHeaderSize=" + maxHeaderSize
                + ", maxContentLength=" + maxContentLength
                + ", maxConcurrentHandlers=" + maxConcurrentHandlers
                + ", handlerExecutor=" + (handlerExecutor == VIRTUAL_THREADS ? "virtual threads" : handlerExecutor)
                + ", clock=" + clock
                + ", random=" + random.getClass().getSimpleName()
                + '}';
    }

    private static Executor virtualThreads() {
        ThreadFactory factory = Thread.ofVirtual().name("ptth-handler-", 0).factory();
        return task -> factory.newThread(task).start();
    }

    /** Not thread-safe; {@link #build()} checks every value. */
    public static final class Builder {
        private URI serverUri;
        private @Nullable String sessionId;
        private List<String> viewSpaces = List.of();
        private List<Header> extraHeaders = List.of();
        private Supplier<List<Header>> dynamicHeaders = List::of;
        private boolean offerLegacyToken;
        private boolean openSessionFirst = true;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration deadPeerTimeout = Duration.ofSeconds(60);
        private Duration longPollReadTimeout = Duration.ofSeconds(40);
        private Duration backoffBase = Duration.ofMillis(500);
        private double backoffFactor = 2;
        private Duration backoffCap = Duration.ofSeconds(30);
        private Duration backoffResetAfter = Duration.ofSeconds(60);
        private int maxInitialLineLength = 4096;
        private int maxHeaderSize = 8192;
        private int maxContentLength = 16 * 1024 * 1024;
        private int maxConcurrentHandlers = 1;
        private Executor handlerExecutor = VIRTUAL_THREADS;
        private InstantSource clock = InstantSource.system();
        private RandomGenerator random = new Random();

        private Builder(URI serverUri) {
            this.serverUri = checkUri(serverUri);
        }

        private Builder(PtthClientConfig c) {
            this.serverUri = c.serverUri;
            this.sessionId = c.sessionId;
            this.viewSpaces = c.viewSpaces;
            this.extraHeaders = c.extraHeaders;
            this.dynamicHeaders = c.dynamicHeaders;
            this.offerLegacyToken = c.offerLegacyToken;
            this.openSessionFirst = c.openSessionFirst;
            this.connectTimeout = c.connectTimeout;
            this.handshakeTimeout = c.handshakeTimeout;
            this.deadPeerTimeout = c.deadPeerTimeout;
            this.longPollReadTimeout = c.longPollReadTimeout;
            this.backoffBase = c.backoffBase;
            this.backoffFactor = c.backoffFactor;
            this.backoffCap = c.backoffCap;
            this.backoffResetAfter = c.backoffResetAfter;
            this.maxInitialLineLength = c.maxInitialLineLength;
            this.maxHeaderSize = c.maxHeaderSize;
            this.maxContentLength = c.maxContentLength;
            this.maxConcurrentHandlers = c.maxConcurrentHandlers;
            this.handlerExecutor = c.handlerExecutor;
            this.clock = c.clock;
            this.random = c.random;
        }

        public Builder serverUri(URI serverUri) {
            this.serverUri = checkUri(serverUri);
            return this;
        }

        public Builder sessionId(@Nullable String sessionId) {
            if (sessionId != null) {
                new Header("Pavel-Session", sessionId);
            }
            this.sessionId = sessionId;
            return this;
        }

        public Builder viewSpaces(List<String> viewSpaces) {
            for (String space : viewSpaces) {
                if (space.isEmpty() || !space.chars().allMatch(c -> c > ' ' && c < 0x7f && c != ',')) {
                    throw new IllegalArgumentException("View space '" + space + "' must be a non-empty name without commas or spaces.");
                }
            }
            this.viewSpaces = List.copyOf(viewSpaces);
            return this;
        }

        /** Fields for every handshake; Host, Upgrade, Connection and the framing fields are the client's own. */
        public Builder extraHeaders(List<Header> extraHeaders) {
            for (Header h : extraHeaders) {
                checkExtra(h);
            }
            this.extraHeaders = List.copyOf(extraHeaders);
            return this;
        }

        public Builder dynamicHeaders(Supplier<List<Header>> dynamicHeaders) {
            this.dynamicHeaders = Objects.requireNonNull(dynamicHeaders, "dynamicHeaders");
            return this;
        }

        public Builder offerLegacyToken(boolean offerLegacyToken) {
            this.offerLegacyToken = offerLegacyToken;
            return this;
        }

        /** See {@link PtthClientConfig#openSessionFirst()}; false for PTTH servers other than Pavel's. */
        public Builder openSessionFirst(boolean openSessionFirst) {
            this.openSessionFirst = openSessionFirst;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        public Builder handshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = positive(handshakeTimeout, "handshakeTimeout");
            return this;
        }

        public Builder deadPeerTimeout(Duration deadPeerTimeout) {
            this.deadPeerTimeout = positive(deadPeerTimeout, "deadPeerTimeout");
            return this;
        }

        public Builder longPollReadTimeout(Duration longPollReadTimeout) {
            this.longPollReadTimeout = positive(longPollReadTimeout, "longPollReadTimeout");
            return this;
        }

        /** Full-jitter exponential back-off: the n-th delay is uniform in [0, min(cap, base * factor^n)]. */
        public Builder backoff(Duration base, double factor, Duration cap) {
            positive(base, "base");
            positive(cap, "cap");
            if (!(factor >= 1)) {
                throw new IllegalArgumentException("Back-off factor (" + factor + ") must be at least 1.");
            }
            if (cap.compareTo(base) < 0) {
                throw new IllegalArgumentException("Back-off cap (" + cap + ") cannot be less than its base (" + base + ").");
            }
            this.backoffBase = base;
            this.backoffFactor = factor;
            this.backoffCap = cap;
            return this;
        }

        public Builder backoffResetAfter(Duration backoffResetAfter) {
            this.backoffResetAfter = positive(backoffResetAfter, "backoffResetAfter");
            return this;
        }

        public Builder maxInitialLineLength(int maxInitialLineLength) {
            this.maxInitialLineLength = atLeast(maxInitialLineLength, 64, "maxInitialLineLength");
            return this;
        }

        public Builder maxHeaderSize(int maxHeaderSize) {
            this.maxHeaderSize = atLeast(maxHeaderSize, 64, "maxHeaderSize");
            return this;
        }

        public Builder maxContentLength(int maxContentLength) {
            this.maxContentLength = atLeast(maxContentLength, 0, "maxContentLength");
            return this;
        }

        public Builder maxConcurrentHandlers(int maxConcurrentHandlers) {
            this.maxConcurrentHandlers = atLeast(maxConcurrentHandlers, 1, "maxConcurrentHandlers");
            return this;
        }

        public Builder handlerExecutor(Executor handlerExecutor) {
            this.handlerExecutor = Objects.requireNonNull(handlerExecutor, "handlerExecutor");
            return this;
        }

        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public PtthClientConfig build() {
            return new PtthClientConfig(this);
        }

        private static URI checkUri(URI uri) {
            Objects.requireNonNull(uri, "serverUri");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("Server URI '" + uri + "' must be http or https.");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("Server URI '" + uri + "' has no host.");
            }
            return uri;
        }

        private static void checkExtra(Header h) {
            if (h.isFraming() || h.name().equalsIgnoreCase("Host")) {
                throw new IllegalArgumentException("Header '" + h.name() + "' is set by the client itself; it cannot be an extra header.");
            }
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " (" + d + ") must be positive.");
            }
            return d;
        }

        private static int atLeast(int value, int min, String name) {
            if (value < min) {
                throw new IllegalArgumentException(name + " (" + value + ") must be at least " + min + ".");
            }
            return value;
        }
    }
}

package pavel.desktop.ptth;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * When to try again after a connection ended (PTTH.md §2.2.5, §2.2.6): exponential back-off with full jitter (the
 * n-th consecutive failure waits a uniform time in [0, min(cap, base · factor<sup>n</sup>)]), reset by a connection
 * that stayed up long enough (upgraded or long-polling); at once after {@code 204}; at least {@code Retry-After} after {@code 429}/{@code 503};
 * never after 401/403/404/410. Not thread-safe: owned by the client's event loop.
 */
final class ReconnectPolicy {
    private final Duration base;
    private final double factor;
    private final Duration cap;
    private final Duration resetAfter;
    private final RandomGenerator random;
    private int failures;

    ReconnectPolicy(PtthClientConfig config) {
        this(config.backoffBase(), config.backoffFactor(), config.backoffCap(), config.backoffResetAfter(),
                config.random());
    }

    ReconnectPolicy(Duration base, double factor, Duration cap, Duration resetAfter, RandomGenerator random) {
        this.base = base;
        this.factor = factor;
        this.cap = cap;
        this.resetAfter = resetAfter;
        this.random = random;
    }

    /**
     * The wait before the next attempt after {@code outcome}, or null to stop.
     *
     * @param upFor how long the connection carried reversed requests (zero if it never upgraded)
     */
    @Nullable Duration delayAfter(HandshakeOutcome outcome, Duration upFor) {
        return switch (outcome) {
            case HandshakeOutcome.Upgraded u -> afterUp(upFor);
            case HandshakeOutcome.LongPoll l -> afterUp(upFor);
            case HandshakeOutcome.RetryNow r -> Duration.ZERO;
            case HandshakeOutcome.RetryLater r -> max(r.atLeast(), nextBackoff());
            case HandshakeOutcome.BackOff b -> nextBackoff();
            case HandshakeOutcome.QueueGone q -> nextBackoff();
            case HandshakeOutcome.GiveUp g -> null;
        };
    }

    private Duration afterUp(Duration upFor) {
        if (upFor.compareTo(resetAfter) >= 0) {
            failures = 0;
        }
        return nextBackoff();
    }

    /** The ceiling of the next back-off: min(cap, base · factor^failures). */
    Duration ceiling() {
        double nanos = base.toNanos() * Math.pow(factor, failures);
        return nanos >= cap.toNanos() ? cap : Duration.ofNanos((long) nanos);
    }

    int failures() {
        return failures;
    }

    private Duration nextBackoff() {
        Duration ceiling = ceiling();
        failures = Math.min(failures + 1, 62);
        return Duration.ofNanos((long) (random.nextDouble() * (ceiling.toNanos() + 1)));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}

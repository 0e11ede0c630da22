package pavel.server.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by polling it until a deadline; no fixed sleeps. */
public final class Eventually {

    private static final long POLL_MILLIS = 10;

    private Eventually() {}

    /**
     * Polls {@code condition} until it holds.
     *
     * @throws AssertionError with {@code message} if it still does not hold after {@code timeout}
     */
    public static void await(Duration timeout, BooleanSupplier condition, Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Not within " + timeout + ": " + message.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting: " + message.get(), e);
            }
        }
    }
}

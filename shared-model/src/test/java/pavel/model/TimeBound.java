package pavel.model;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Supplier;

/**
 * A wall-clock bound on one fuzz input, for catching inputs that make a parser slow (backtracking, quadratic
 * work). A busy machine can stall any one run (a GC pause, another process), so an input over the bound is run
 * again: a slow input is slow both times, a stall is not.
 */
public final class TimeBound {
    private TimeBound() {
    }

    /** Runs {@code work}, and once more if it took {@code maxNanos} or longer; fails when both runs did. */
    public static void within(long maxNanos, Runnable work, Supplier<String> what) {
        long first = timed(work);
        if (first >= maxNanos) {
            long second = timed(work);
            if (second >= maxNanos) {
                fail(what.get() + " took " + first / 1_000_000 + " ms, and " + second / 1_000_000 + " ms again");
            }
        }
    }

    private static long timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }
}

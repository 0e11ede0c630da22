package pavel.bench.ptth;

import java.util.Arrays;
import java.util.Locale;

/**
 * Send-to-answer times of one measurement, in microseconds.
 *
 * @param count exchanges answered
 * @param failed exchanges that failed or were still unanswered at the deadline
 * @param p50 median
 * @param p99 99th percentile (nearest rank)
 * @param max the slowest
 */
public record Latencies(int count, int failed, double p50, double p99, double max) {

    /** From the first {@code n} entries of {@code nanos} (sorted here). */
    public static Latencies of(long[] nanos, int n, int failed) {
        if (n == 0) {
            return new Latencies(0, failed, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        return new Latencies(n, failed, micros(rank(sorted, 0.50)), micros(rank(sorted, 0.99)),
                micros(sorted[n - 1]));
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }

    /** {@code count=… failed=… p50us=… p99us=… maxus=…}, the form {@link BenchServer} replies in. */
    public String fields() {
        return String.format(Locale.ROOT, "count=%d failed=%d p50us=%.0f p99us=%.0f maxus=%.0f", count, failed, p50, p99,
                max);
    }
}

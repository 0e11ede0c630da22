package pavel.bench.ptth;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time, to tell this process's cost from the machine's load: on a shared 2-core machine a figure per
 * second means little without how much of the CPU the benchmark got. Stateless; thread-safe.
 */
public final class CpuTime {

    private CpuTime() {}

    /** CPU time this process used so far (all threads, user and system), in nanoseconds. */
    public static long process() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Busy and total jiffies of the whole machine so far ({@code /proc/stat}, all CPUs); {@code {0, 0}} where
     * there is no such file.
     */
    public static long[] machine() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < fields.length; i++) {
                long value = Long.parseLong(fields[i]);
                total += value;
                if (i == 4 || i == 5) { // idle, iowait
                    idle += value;
                }
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /**
     * User and system CPU time of this process so far, in milliseconds ({@code /proc/self/stat}, 10 ms steps at the
     * usual 100 Hz clock); {@code {0, 0}} where there is no such file. The system share tells thread wake-ups and
     * socket calls from Java work.
     */
    public static long[] userSystemMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // after the command: state is field 3 of stat(5), utime 14 and stime 15
            return new long[] {Long.parseLong(fields[11]) * 10, Long.parseLong(fields[12]) * 10};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}

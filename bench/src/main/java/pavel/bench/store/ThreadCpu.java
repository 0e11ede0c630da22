package pavel.bench.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of this JVM's platform threads by name, to tell where a durable op's CPU goes: the journal's one thread
 * ({@code pavel-journal}), the carriers of the writers' virtual threads ({@code ForkJoinPool-}), or the rest.
 * Virtual threads have no CPU time of their own here; their carriers have it. Stateless; thread-safe.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {}

    /** CPU time so far, in nanoseconds, of the live platform threads whose names start with {@code prefix}. */
    static long of(String prefix) {
        long sum = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                sum += Math.max(0, cpu);
            }
        }
        return sum;
    }
}

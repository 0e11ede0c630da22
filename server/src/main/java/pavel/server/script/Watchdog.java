package pavel.server.script;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.graalvm.polyglot.Context;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds every run of guest code to its wall-clock and allocation budget. One platform thread looks at the running
 * {@link Watch}es every {@value #TICK_MILLIS} ms; a run that is over budget has its context interrupted (by another
 * platform thread, so that the watch goes on), and if the interrupt does not take within half a second the context
 * is cancelled. Allocation is read per thread from {@link com.sun.management.ThreadMXBean}, which answers only for
 * platform threads: on a virtual thread the allocation budget is not enforced.
 *
 * <p>Thread-safe.
 */
final class Watchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    static final long TICK_MILLIS = 10;
    private static final Duration INTERRUPT_GRACE = Duration.ofMillis(500);

    private final long budgetNanos;
    private final long allocationLimit;
    private final Set<Watch> running = ConcurrentHashMap.newKeySet();
    private final @Nullable ThreadMXBean threads;
    private final ExecutorService interrupters;
    private final Thread ticker;
    private volatile boolean closed;
    private volatile boolean warnedVirtual;

    Watchdog(ScriptConfig config) {
        this.budgetNanos = config.timeBudget().toNanos();
        this.allocationLimit = config.allocationLimit();
        this.threads = allocationBean();
        this.interrupters = Executors.newCachedThreadPool(
                Thread.ofPlatform().name("pavel-script-interrupter-", 0).daemon().factory());
        this.ticker = Thread.ofPlatform().name("pavel-script-watchdog").daemon().start(this::loop);
    }

    private static @Nullable ThreadMXBean allocationBean() {
        if (ManagementFactory.getThreadMXBean() instanceof ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported()) {
            if (!bean.isThreadAllocatedMemoryEnabled()) {
                bean.setThreadAllocatedMemoryEnabled(true);
            }
            return bean;
        }
        LOG.warn("This JVM does not measure allocation per thread: behaviours run without an allocation budget.");
        return null;
    }

    /**
     * Starts watching guest code that the current thread is about to run in {@code context}.
     *
     * @param what how the failure message names the code ("The handler")
     */
    Watch start(Context context, String what) {
        Thread thread = Thread.currentThread();
        long allocated = -1;
        if (threads != null) {
            if (thread.isVirtual()) {
                if (!warnedVirtual) {
                    warnedVirtual = true;
                    LOG.warn("Behaviours run on virtual threads, where the JDK does not measure allocation per "
                            + "thread: their allocation budget is not enforced. Run them on platform threads.");
                }
            } else {
                allocated = threads.getCurrentThreadAllocatedBytes();
            }
        }
        Watch watch = new Watch(context, what, thread.threadId(), allocated, System.nanoTime() + budgetNanos);
        running.add(watch);
        return watch;
    }

    private void loop() {
        while (!closed) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            long now = System.nanoTime();
            for (Watch watch : running) {
                String reason = overBudget(watch, now);
                if (reason != null && watch.state.compareAndSet(Watch.RUNNING, Watch.TRIGGERED)) {
                    watch.reason = reason;
                    running.remove(watch);
                    interrupters.execute(() -> interrupt(watch));
                }
            }
        }
    }

    private @Nullable String overBudget(Watch watch, long now) {
        if (now - watch.deadline >= 0) {
            return watch.what + " ran longer than its " + TimeUnit.NANOSECONDS.toMillis(budgetNanos) + " ms budget.";
        }
        ThreadMXBean bean = threads;
        if (bean != null && watch.allocatedAtStart >= 0) {
            long allocated = bean.getThreadAllocatedBytes(watch.threadId);
            if (allocated >= 0 && allocated - watch.allocatedAtStart > allocationLimit) {
                return watch.what + " allocated more than its " + describeBytes(allocationLimit) + " budget.";
            }
        }
        return null;
    }

    static String describeBytes(long bytes) {
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    private static void interrupt(Watch watch) {
        try {
            watch.context.interrupt(INTERRUPT_GRACE);
        } catch (TimeoutException e) {
            LOG.warn("{} did not stop within {} ms of its interrupt; cancelling its context.", watch.what,
                    INTERRUPT_GRACE.toMillis());
            try {
                watch.context.close(true);
            } catch (RuntimeException closing) {
                LOG.debug("Cancelling a context failed", closing);
            }
        } catch (RuntimeException e) {
            // The context was closed meanwhile (cancelled by a statement limit, say): nothing left to stop.
            LOG.debug("Interrupting a context failed", e);
        } finally {
            watch.interrupted.countDown();
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(ticker);
        interrupters.shutdown();
    }

    /** One run of guest code under watch. Stopped exactly once, by the thread that runs it. */
    static final class Watch {
        static final int RUNNING = 0;
        static final int STOPPED = 1;
        static final int TRIGGERED = 2;

        final AtomicInteger state = new AtomicInteger(RUNNING);
        final Context context;
        final String what;
        final long threadId;
        final long allocatedAtStart;
        final long deadline;
        final CountDownLatch interrupted = new CountDownLatch(1);
        volatile @Nullable String reason;

        private Watch(Context context, String what, long threadId, long allocatedAtStart, long deadline) {
            this.context = context;
            this.what = what;
            this.threadId = threadId;
            this.allocatedAtStart = allocatedAtStart;
            this.deadline = deadline;
        }
    }

    /**
     * Ends a watch. Answers {@code null} when the code stayed within its budget; else the sentence that says which
     * budget it spent, after the interrupt of its context has finished (so that it cannot hit later code). A context
     * whose watch fired must not be used again.
     */
    @Nullable String stop(Watch watch) {
        if (watch.state.compareAndSet(Watch.RUNNING, Watch.STOPPED)) {
            running.remove(watch);
            return null;
        }
        boolean interrupted = false;
        while (true) {
            try {
                watch.interrupted.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return watch.reason;
    }
}

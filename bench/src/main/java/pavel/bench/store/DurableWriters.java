package pavel.bench.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import pavel.bench.ptth.CpuTime;
import pavel.bench.ptth.Latencies;
import pavel.server.space.Space;
import pavel.server.store.SqliteWorld;

/**
 * Writers on virtual threads, each applying its {@link OpMix} to one of the spaces (writer {@code k} to space
 * {@code k % spaces}) with {@link Space#apply}, which returns once the op is durable; one op at a time per writer, back
 * to back. Either for a time ({@link #measure}) or for a number of ops in all ({@link #write}).
 *
 * <p>Not thread-safe: one thread starts a run and waits for it.
 */
final class DurableWriters {

    private final List<Space> spaces;
    private final int writers;
    private final int keep;

    /** What one timed run measured in its counted window (ops that became durable in it). */
    record Window(long ops, double seconds, Latencies latency, long failed, long commits, long writes, long cpuNanos,
            long journalCpuNanos, long carrierCpuNanos, double machineBusy, @Nullable String firstFailure) {

        double perSecond() {
            return ops / seconds;
        }

        double opsPerCommit() {
            return commits == 0 ? Double.NaN : (double) writes / commits;
        }

        String fields() {
            return String.format(Locale.ROOT, "ops=%d seconds=%.2f perSecond=%.0f %s commits=%d commitsPerSecond=%.0f"
                    + " opsPerCommit=%.1f cpuusPerOp=%.1f journalCpuusPerOp=%.1f carrierCpuusPerOp=%.1f"
                    + " machineBusy=%.0f", ops, seconds, perSecond(), latency.fields(), commits, commits / seconds,
                    opsPerCommit(), micros(cpuNanos), micros(journalCpuNanos), micros(carrierCpuNanos), machineBusy);
        }

        private double micros(long nanos) {
            return ops == 0 ? Double.NaN : nanos / 1e3 / ops;
        }
    }

    /**
     * @param spaces the spaces, each already holding {@link OpMix#initialBody()}
     * @param writers how many writers in all
     * @param nodes about how many nodes each space should hold
     */
    DurableWriters(List<Space> spaces, int writers, int nodes) {
        if (spaces.isEmpty() || writers < spaces.size()) {
            throw new IllegalArgumentException("Need at least one writer (" + writers + ") per space ("
                    + spaces.size() + ").");
        }
        this.spaces = List.copyOf(spaces);
        this.writers = writers;
        this.keep = OpMix.keepFor(nodes, writers / spaces.size());
    }

    /**
     * Runs unmeasured for {@code warmup}, then counts for {@code measured}; {@code world} for its commit counts (null
     * for spaces in memory).
     */
    Window measure(@Nullable SqliteWorld world, Duration warmup, Duration measured) throws InterruptedException {
        Run run = new Run();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < writers; k++) {
            int writer = k;
            threads.add(Thread.ofVirtual().name("writer-" + k).start(() -> run.untilStopped(writer)));
        }
        Thread.sleep(warmup);
        long commits = world == null ? 0 : world.commits();
        long writes = world == null ? 0 : world.writes();
        long cpu = CpuTime.process();
        long journalCpu = ThreadCpu.of("pavel-journal");
        long carrierCpu = ThreadCpu.of("ForkJoinPool-");
        long[] machine = CpuTime.machine();
        long from = System.nanoTime();
        run.countFrom = from;
        Thread.sleep(measured);
        long to = System.nanoTime();
        run.countTo = to;
        commits = world == null ? 0 : world.commits() - commits;
        writes = world == null ? 0 : world.writes() - writes;
        cpu = CpuTime.process() - cpu;
        journalCpu = ThreadCpu.of("pavel-journal") - journalCpu;
        carrierCpu = ThreadCpu.of("ForkJoinPool-") - carrierCpu;
        long[] machineAfter = CpuTime.machine();
        run.stopped = true;
        for (Thread thread : threads) {
            thread.join();
        }
        long total = machineAfter[1] - machine[1];
        double busy = total == 0 ? Double.NaN : 100.0 * (machineAfter[0] - machine[0]) / total;
        long[] all = run.samples();
        return new Window(all.length, (to - from) / 1e9, Latencies.of(all, all.length, (int) run.failed.sum()),
                run.failed.sum(), commits, writes, cpu, journalCpu, carrierCpu, busy, run.firstFailure.get());
    }

    /**
     * Applies {@code total} ops in all, then returns.
     *
     * @throws IllegalStateException when an op failed
     */
    void write(long total) throws InterruptedException {
        Run run = new Run();
        AtomicLong tickets = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < writers; k++) {
            int writer = k;
            threads.add(Thread.ofVirtual().name("writer-" + k).start(() -> run.forTickets(writer, tickets, total)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (run.failed.sum() > 0) {
            throw new IllegalStateException(run.failed.sum() + " ops failed; the first: " + run.firstFailure.get());
        }
    }

    /** The state the writers of one run share. */
    private final class Run {
        volatile boolean stopped;
        /** Ops that end at or after this are counted, from when it is set (0: not yet). */
        volatile long countFrom;
        /** Ops that end after this are not. */
        volatile long countTo = Long.MAX_VALUE;
        final LongAdder failed = new LongAdder();
        final AtomicReference<@Nullable String> firstFailure = new AtomicReference<>();
        /** Each writer's counted latencies, in nanoseconds; written by that writer only until it ends. */
        final long[][] latencies = new long[writers][];
        final int[] counts = new int[writers];

        void untilStopped(int writer) {
            OpMix mix = new OpMix(writer, keep);
            Space space = spaces.get(writer % spaces.size());
            long[] mine = new long[1024];
            int count = 0;
            while (!stopped) {
                long begin = System.nanoTime();
                if (!apply(space, mix)) {
                    continue;
                }
                long end = System.nanoTime();
                long from = countFrom;
                if (from != 0 && end >= from && end <= countTo) {
                    if (count == mine.length) {
                        mine = Arrays.copyOf(mine, count * 2);
                    }
                    mine[count++] = end - begin;
                }
            }
            latencies[writer] = mine;
            counts[writer] = count;
        }

        void forTickets(int writer, AtomicLong tickets, long total) {
            OpMix mix = new OpMix(writer, keep);
            Space space = spaces.get(writer % spaces.size());
            while (tickets.getAndIncrement() < total) {
                apply(space, mix);
            }
        }

        private boolean apply(Space space, OpMix mix) {
            try {
                space.apply(mix.next(), null);
                return true;
            } catch (RuntimeException e) {
                failed.increment();
                firstFailure.compareAndSet(null, e.toString());
                return false;
            }
        }

        /** Every writer's counted latencies together; after the writers ended. */
        long[] samples() {
            int n = 0;
            for (int count : counts) {
                n += count;
            }
            long[] all = new long[n];
            int at = 0;
            for (int w = 0; w < writers; w++) {
                if (latencies[w] != null) {
                    System.arraycopy(latencies[w], 0, all, at, counts[w]);
                    at += counts[w];
                }
            }
            return all;
        }
    }
}

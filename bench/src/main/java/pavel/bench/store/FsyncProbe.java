package pavel.bench.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import pavel.bench.ptth.Latencies;

/**
 * What one sync costs on the disk under a directory: 4 KiB written, then {@link FileChannel#force}{@code (false)}
 * (an {@code fdatasync}), timed. Two patterns, as SQLite's WAL meets them: appending (the file grows, so the file
 * system's journal commits too) and overwriting the first 1 MiB again and again (a WAL after a checkpoint reuses its
 * file). A commit of SQLite in WAL mode with {@code synchronous=FULL} syncs the WAL once, so one sync per commit is
 * the floor of a commit's time and bounds one-commit-per-op throughput. Stateless.
 */
final class FsyncProbe {

    private static final int BLOCK = 4096;
    private static final int OVERWRITTEN_BLOCKS = 256;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * The two patterns' times from write to the return of {@code force}, and the CPU time the syncing thread spent
     * meanwhile (in the kernel, mostly): how much of a sync is waiting for the disk and how much is work.
     */
    record Result(Latencies append, double appendMeanMicros, double appendCpuMicros, Latencies overwrite,
            double overwriteMeanMicros, double overwriteCpuMicros) {
        String fields() {
            return String.format(Locale.ROOT, "appendP50us=%.0f appendP99us=%.0f appendMeanus=%.0f appendCpuus=%.0f"
                    + " overwriteP50us=%.0f overwriteP99us=%.0f overwriteMeanus=%.0f overwriteCpuus=%.0f",
                    append.p50(), append.p99(), appendMeanMicros, appendCpuMicros, overwrite.p50(), overwrite.p99(),
                    overwriteMeanMicros, overwriteCpuMicros);
        }
    }

    private FsyncProbe() {}

    /** Times {@code syncs} syncs of each pattern in a file of its own under {@code directory}, then deletes it. */
    static Result measure(Path directory, int syncs) throws IOException {
        Path file = Files.createTempFile(directory, "fsync-probe-", ".bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long[] append = new long[syncs];
            long cpu = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < syncs; i++) {
                append[i] = writeAndForce(channel, (long) i * BLOCK);
            }
            long appendCpu = THREADS.getCurrentThreadCpuTime() - cpu;
            long[] overwrite = new long[syncs];
            cpu = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < syncs; i++) {
                overwrite[i] = writeAndForce(channel, (long) (i % OVERWRITTEN_BLOCKS) * BLOCK);
            }
            long overwriteCpu = THREADS.getCurrentThreadCpuTime() - cpu;
            return new Result(Latencies.of(append, syncs, 0), mean(append) / 1e3, appendCpu / 1e3 / syncs,
                    Latencies.of(overwrite, syncs, 0), mean(overwrite) / 1e3, overwriteCpu / 1e3 / syncs);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long writeAndForce(FileChannel channel, long position) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        long begin = System.nanoTime();
        while (block.hasRemaining()) {
            channel.write(block, position + block.position());
        }
        channel.force(false);
        return System.nanoTime() - begin;
    }

    private static double mean(long[] nanos) {
        long sum = 0;
        for (long n : nanos) {
            sum += n;
        }
        return (double) sum / nanos.length;
    }
}

package pavel.bench.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Drops one file's pages from the OS page cache, so that the next read of it comes from the disk, as after a reboot:
 * GNU {@code dd if=FILE iflag=nocache count=0} asks the kernel to let go of the whole file's cached pages
 * ({@code posix_fadvise(DONTNEED)}), touching no other file. Stateless.
 */
final class PageCache {

    private PageCache() {}

    /** True when {@code dd} succeeded; false where there is no GNU {@code dd}. */
    static boolean drop(Path file) throws InterruptedException {
        try {
            Process dd = new ProcessBuilder("dd", "if=" + file, "iflag=nocache", "count=0", "status=none")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return dd.waitFor(30, TimeUnit.SECONDS) && dd.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}

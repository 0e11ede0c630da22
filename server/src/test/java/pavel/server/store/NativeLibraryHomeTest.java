package pavel.server.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which mount a data directory lies on, read from lines of Linux's {@code /proc/self/mountinfo}. */
class NativeLibraryHomeTest {

    private static final List<String> MOUNTS = List.of(
            "26 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
            "45 26 0:40 / /mnt/noexec rw,noexec,relatime - tmpfs tmpfs rw,size=65536k",
            "46 45 0:41 / /mnt/noexec/inner rw,relatime - tmpfs tmpfs rw",
            "47 26 0:42 / /srv/pavel\\040data rw,nosuid,noexec - tmpfs tmpfs rw",
            "48 26 0:43 / /var/lib/pavel rw,noexec - tmpfs tmpfs rw",
            "49 26 0:44 / /var/lib/pavel rw,relatime - ext4 /dev/vdb rw");

    @Test
    void theInnermostMountThatHoldsThePathDecides() {
        assertTrue(NativeLibraryHome.onNoexecMount(MOUNTS, Path.of("/mnt/noexec/data")));
        assertFalse(NativeLibraryHome.onNoexecMount(MOUNTS, Path.of("/mnt/noexec/inner/data")));
        assertFalse(NativeLibraryHome.onNoexecMount(MOUNTS, Path.of("/home/ann/pavel-data")));
        assertFalse(NativeLibraryHome.onNoexecMount(MOUNTS, Path.of("/mnt/noexecutable/data")), "a whole name, not a prefix");
    }

    @Test
    void escapedMountPointsAndStackedMountsAreRead() {
        assertTrue(NativeLibraryHome.onNoexecMount(MOUNTS, Path.of("/srv/pavel data/world")), "\\040 is a space");
        assertFalse(NativeLibraryHome.onNoexecMount(MOUNTS, Path.of("/var/lib/pavel")), "the last mount on a point wins");
    }

    @Test
    void linesItCannotReadAreSkipped() {
        assertFalse(NativeLibraryHome.onNoexecMount(List.of("", "garbage", "1 2 3"), Path.of("/data")));
    }
}

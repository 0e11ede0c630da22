package pavel.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock that keeps a second server off a data directory: an OS file lock on {@code pavel.lock}, which the OS
 * lets go of when the process ends however it ends (kill -9 included), holding the owner's pid for the message.
 */
final class DataLock implements AutoCloseable {

    static final String FILE = "pavel.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or fails with a sentence naming the directory and the process that holds it. */
    static DataLock take(Path directory) {
        Path file = directory.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.UNAVAILABLE,
                    "Cannot open " + file + " to lock the data directory: " + e.getMessage() + ".", e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this very process holds it: another server in the same JVM
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new StoreException(StoreException.Reason.UNAVAILABLE, "The data directory " + directory
                        + " is in use by another running Pavel server" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + "; stop it first, or start this one with another --data.");
            }
            byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(true);
            return new DataLock(channel, lock);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock failure is what matters
            }
            throw new StoreException(StoreException.Reason.UNAVAILABLE,
                    "Cannot lock the data directory " + directory + ": " + e.getMessage() + ".", e);
        }
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is letting go of it anyway
        }
    }
}

package pavel.server.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads the console's input a line at a time (ended by {@code \n} or {@code \r\n}, UTF-8), holding at most
 * {@code maxBytes} of one line: the rest of a longer line is skipped up to its end, and the line comes back as
 * {@link TooLong} rather than as text. Not thread-safe: one per connection.
 */
final class LineReader {

    /** What {@link #next()} read. */
    sealed interface Line permits Text, TooLong {}

    /** A line, without its line ending. */
    record Text(String text) implements Line {}

    /** A line longer than {@code limit} bytes, skipped. */
    record TooLong(int limit) implements Line {}

    private final InputStream in;
    private final int maxBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    /** @param in a buffered stream: this reads a byte at a time */
    LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /**
     * The next line; the last one may lack its line ending.
     *
     * @return {@code null} at the end of the input
     * @throws java.net.SocketTimeoutException when no byte comes within the socket's timeout
     */
    @Nullable Line next() throws IOException {
        line.reset();
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            if (b == '\n') {
                break;
            }
            if (tooLong) {
                continue;
            }
            if (line.size() >= maxBytes) {
                tooLong = true;
                line.reset();
                continue;
            }
            line.write(b);
        }
        if (tooLong) {
            return new TooLong(maxBytes);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new Text(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }
}

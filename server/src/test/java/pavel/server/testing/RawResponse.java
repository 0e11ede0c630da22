package pavel.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.x response read off a byte stream, as it was sent: status, headers (names in lower case)
 * and body. The body is read by {@code Content-Length}; without one, to the end of the stream.
 *
 * @param version the protocol version on the status line
 * @param status the status code
 * @param headers the headers, names in lower case, values in order
 * @param body the body, UTF-8
 */
public record RawResponse(String version, int status, Map<String, List<String>> headers, String body) {

    /**
     * Reads one response.
     *
     * @param head whether it answers a {@code HEAD} request, so it has no body whatever its length says
     * @throws EOFException if the stream ends before a status line
     */
    public static RawResponse read(InputStream in, boolean head) throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null) {
            throw new EOFException("The connection closed before a response.");
        }
        String[] parts = statusLine.split(" ", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        int status = Integer.parseInt(parts[1]);
        String length = headers.containsKey("content-length") ? headers.get("content-length").getFirst() : null;
        byte[] body;
        if (head || status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else {
            body = in.readAllBytes();
        }
        return new RawResponse(parts[0], status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** The first value of a header, or {@code null}. */
    public @Nullable String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : values.getFirst();
    }

    private static @Nullable String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}

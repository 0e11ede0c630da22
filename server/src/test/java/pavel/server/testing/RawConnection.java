package pavel.server.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain socket to the server, for requests no well-behaved client sends: malformed lines, huge heads,
 * pipelining. Every read is bounded by a timeout, so a server that does not answer fails the test instead
 * of hanging it.
 */
public final class RawConnection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to the loopback port with a read timeout. */
    public static RawConnection open(int port, Duration readTimeout) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
        return new RawConnection(socket);
    }

    /** Connects with a five-second read timeout. */
    public static RawConnection open(int port) throws IOException {
        return open(port, Duration.ofSeconds(5));
    }

    /** Sends text as ISO-8859-1 bytes, exactly as given (write your own CRLFs). */
    public RawConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends bytes as they are. */
    public RawConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Half-closes: tells the server this client will send nothing more, and keeps reading. */
    public RawConnection finishSending() throws IOException {
        socket.shutdownOutput();
        return this;
    }

    /** Reads the next response. */
    public RawResponse read() throws IOException {
        return RawResponse.read(in, false);
    }

    /** Reads the next response to a {@code HEAD} request. */
    public RawResponse readHead() throws IOException {
        return RawResponse.read(in, true);
    }

    /** Whether the server has closed the connection: the next read sees the end of the stream in time. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // A reset after the server closed with unread input still means it closed.
            return true;
        }
    }

    /** Sends one request and reads its response on a fresh connection. */
    public static RawResponse exchange(int port, String request) throws IOException {
        try (RawConnection connection = open(port)) {
            return connection.send(request).read();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

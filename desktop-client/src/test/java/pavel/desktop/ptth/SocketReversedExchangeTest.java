package pavel.desktop.ptth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * {@link ReversedExchangeContract} against a real {@link PtthClient} over TCP; B is a plain {@link ServerSocket}
 * that writes and reads bytes by hand.
 */
final class SocketReversedExchangeTest extends ReversedExchangeContract {
    @Override
    Peer open(UnaryOperator<PtthClientConfig.Builder> configure, ReverseHandler handler) {
        return new SocketPeer(configure, handler);
    }

    static final class SocketPeer implements Peer {
        private static final int TIMEOUT_MS = 5_000;
        private final ServerSocket server;
        private final PtthClient client;
        private final Socket socket;
        private final InputStream in;

        SocketPeer(UnaryOperator<PtthClientConfig.Builder> configure, ReverseHandler handler) {
            try {
                server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
                server.setSoTimeout(TIMEOUT_MS);
                URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/pavel/ptth");
                client = new PtthClient(configure.apply(PtthClientConfig.newBuilder(uri).openSessionFirst(false)).build(), handler);
                client.connect();
                socket = server.accept();
                socket.setSoTimeout(TIMEOUT_MS);
                in = socket.getInputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String handshake() {
            return readHead(in);
        }

        /** Reads byte by byte through the blank line that ends a head (no read-ahead). */
        static String readHead(InputStream in) {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            try {
                while (true) {
                    int b = in.read();
                    if (b < 0) {
                        throw new AssertionError("A closed during the head: '" + head.toString(StandardCharsets.UTF_8) + "'");
                    }
                    head.write(b);
                    String s = head.toString(StandardCharsets.ISO_8859_1);
                    if (s.endsWith("\r\n\r\n")) {
                        return head.toString(StandardCharsets.UTF_8);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void send(String bytes) {
            try {
                socket.getOutputStream().write(bytes.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String receive(int n) {
            try {
                byte[] bytes = in.readNBytes(n);
                if (bytes.length < n) {
                    throw new AssertionError("A sent " + bytes.length + " of " + n + " bytes: '"
                            + new String(bytes, StandardCharsets.UTF_8) + "'");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean closedByA() {
            try {
                return in.read() < 0;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset counts as closed
            }
        }

        @Override
        public String authority() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() {
            client.close();
            try {
                socket.close();
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

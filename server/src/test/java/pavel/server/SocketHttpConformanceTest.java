package pavel.server;

import java.io.IOException;
import org.junit.jupiter.api.AutoClose;
import pavel.server.testing.RawConnection;
import pavel.server.testing.RawResponse;
import pavel.server.testing.TestServer;

/** The HTTP contract over a real socket to a real server. */
class SocketHttpConformanceTest extends HttpConformanceContract {

    @AutoClose
    static final TestServer server = TestServer.start();

    @Override
    RawResponse exchange(String rawRequest) throws IOException {
        try (RawConnection connection = server.connect()) {
            connection.send(rawRequest);
            return rawRequest.startsWith("HEAD ") ? connection.readHead() : connection.read();
        }
    }
}

package pavel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import pavel.server.testing.RawResponse;
import pavel.server.testing.TestServer;

/**
 * A client that sends a whole oversized body before it reads (as most HTTP clients do) still gets its {@code 413}:
 * the server answers, then reads and drops the rest of the body before it closes, so the kernel never resets the
 * connection under the answer.
 */
class OversizedBodyTest {

    @Test
    void theAnswerSurvivesABodyThatKeepsComing() throws IOException {
        try (TestServer server = TestServer.start()) {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            int chunks = 64; // 4 MiB, far over the 1 MiB limit, more than loopback buffers hold
            for (int round = 0; round < 10; round++) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: " + chunk.length * chunks
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < chunks; i++) {
                        out.write(chunk);
                        out.flush();
                    }
                    InputStream in = socket.getInputStream();
                    RawResponse response = RawResponse.read(in, false);
                    assertEquals(413, response.status(), "round " + round + ": " + response);
                    assertEquals(-1, in.read(), "then the server closes");
                }
            }
        }
    }
}

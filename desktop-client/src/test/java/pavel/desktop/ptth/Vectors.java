package pavel.desktop.ptth;

/** The byte-exact test vectors of PTTH.md §3 that concern A (each a UTF-8 literal; sizes checked in the tests). */
final class Vectors {
    static final String TV1_HANDSHAKE = "POST /pavel/ptth HTTP/1.1\r\nHost: pavel.example:8080\r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n";
    static final String TV1_101 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\n\r\n";
    static final String TV1_GET = "GET /status HTTP/1.1\r\nHost: \r\n\r\n";
    static final String TV1_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nGood";

    static final String TV2_101_TRANSCRIPT = "HTTP/1.1 101 Switching Protocols\r\nContent-type: text/plain\r\nUpgrade: PTTH/0.9\r\nDate: Tue, 13 May 2008 20:14:45 GMT\r\nContent-Length: 0\r\n\r\n";

    static final String TV4_401 = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"pavel\"\r\nContent-Length: 0\r\n\r\n";
    static final String TV4_426 = "HTTP/1.1 426 Upgrade Required\r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n";
    static final String TV4_204 = "HTTP/1.1 204 No Content\r\n\r\n";
    static final String TV4_503 = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 0\r\n\r\n";

    static final String TV5_REQUESTS = "PUT /ui/widget/42 HTTP/1.1\r\nHost: \r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 17\r\n\r\n{\"text\":\"h\u00e9llo\"}GET /status HTTP/1.1\r\nHost: \r\n\r\n";
    static final String TV5_RESPONSES = "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nGood";

    static final String TV8A = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
    static final String TV8B = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n\r\n";
    static final String TV8C = "HTTP/1.1 101 \r\nUpgrade: PTTH/1.0\r\nConnection: Upgrade\r\nDate: Sun, 22 Nov 2026 12:30:58 GMT\r\n\r\n";
    static final String TV8H = "POST /event HTTP/1.1\r\nContent-Type: text/x-apple-plist+xml\r\nContent-Length: 0\r\nX-Apple-Session-ID: 00000000-0000-0000-0000-000000000000\r\n\r\n";
    static final String TV8I = "GET / HTTP/1.1\r\nHost: \r\nHost: x\r\n\r\n";
    static final String CONTINUE_100 = "HTTP/1.1 100 Continue\r\n\r\n";
    static final String HEARTBEAT = "OPTIONS * HTTP/1.1\r\nHost: \r\n\r\n";
    static final String HEARTBEAT_RESPONSE = "HTTP/1.1 204 No Content\r\n\r\n";

    private Vectors() {
    }

    static int size(String literal) {
        return literal.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}

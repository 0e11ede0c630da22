package pavel.bench.http;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.http.protocol.HttpProcessor;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.RequestConnControl;
import org.apache.hc.core5.http.protocol.RequestContent;
import org.apache.hc.core5.http.protocol.RequestTargetHost;
import org.apache.hc.core5.io.CloseMode;
import org.jspecify.annotations.Nullable;

/**
 * One keep-alive HTTP/1.1 connection to a server, Apache HttpCore 5's blocking {@link DefaultBHttpClientConnection}
 * on a plain {@link Socket}: one request at a time, no pipelining, no async machinery (which cost the load generators
 * more CPU per request than the server spent answering it). Opened on first use, and again after the server closed
 * it or a request failed.
 *
 * <p>Thread-safe: requests take turns.
 */
public final class KeepAliveConnection implements Closeable {

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    /** Content-Length, Host and Connection; no {@code Expect: 100-continue}, which would cost a round trip. */
    private static final HttpProcessor PROCESSOR = HttpProcessorBuilder.create()
            .addAll(RequestContent.INSTANCE, RequestTargetHost.INSTANCE, RequestConnControl.INSTANCE)
            .build();

    private final HttpHost target;
    private final HttpRequestExecutor executor = new HttpRequestExecutor();
    private @Nullable DefaultBHttpClientConnection http;

    public KeepAliveConnection(String host, int port) {
        this.target = new HttpHost(host, port);
    }

    /** A whole answer: its status, its body as UTF-8 text and one header the caller asked for. */
    public record Answer(int status, String body, @Nullable Header header) {}

    /**
     * Sends {@code method path} with {@code body} of {@code contentType} (both or neither) and reads the whole answer.
     *
     * @param header the name of the answer's header to keep, or null
     * @throws IOException when the exchange fails; the connection is closed then
     */
    public synchronized Answer send(String method, String path, @Nullable String contentType, @Nullable String body,
            @Nullable String header) throws IOException {
        ClassicHttpRequest request = new BasicClassicHttpRequest(method, target, path);
        if (body != null && contentType != null) {
            request.setEntity(new StringEntity(body, ContentType.parse(contentType)));
        }
        HttpCoreContext context = HttpCoreContext.create();
        try {
            DefaultBHttpClientConnection connection = open();
            executor.preProcess(request, PROCESSOR, context);
            try (ClassicHttpResponse response = executor.execute(request, connection, context)) {
                HttpEntity entity = response.getEntity();
                Answer answer = new Answer(response.getCode(),
                        entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8),
                        header == null ? null : response.getFirstHeader(header));
                if (!executor.keepAlive(request, response, connection, context)) {
                    close();
                }
                return answer;
            }
        } catch (HttpException e) {
            close();
            throw new IOException(method + " " + path + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private DefaultBHttpClientConnection open() throws IOException {
        DefaultBHttpClientConnection connection = http;
        if (connection == null || !connection.isOpen()) {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(target.getHostName(), target.getPort()), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            connection = new DefaultBHttpClientConnection(Http1Config.DEFAULT);
            connection.bind(socket);
            http = connection;
        }
        return connection;
    }

    @Override
    public synchronized void close() {
        DefaultBHttpClientConnection connection = http;
        http = null;
        if (connection != null) {
            connection.close(CloseMode.IMMEDIATE);
        }
    }
}

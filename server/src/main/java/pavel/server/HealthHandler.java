package pavel.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import pavel.server.http.Handler;
import pavel.server.http.Request;
import pavel.server.http.Response;

/**
 * {@code GET /health}: {@code {"status":"ok","version":"…"}}. The answer is computed once; the handler runs
 * on the event loop. Immutable.
 */
final class HealthHandler implements Handler {

    private final Response response;

    HealthHandler(Version version, ObjectMapper json) {
        try {
            this.response = Response.json(HttpResponseStatus.OK, json.writeValueAsBytes(new Health("ok", version.value())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the health answer as JSON.", e);
        }
    }

    @Override
    public Response handle(Request request) {
        return response;
    }

    /** The JSON shape of the answer. */
    private record Health(String status, String version) {}
}

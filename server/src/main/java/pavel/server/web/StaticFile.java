package pavel.server.web;

import java.util.Objects;
import pavel.server.http.Handler;
import pavel.server.http.Request;
import pavel.server.http.Response;

/**
 * One file of the web client, held in memory and served as it is.
 *
 * <p>Immutable; {@link #handle} answers from memory and may run on the event loop.
 */
public final class StaticFile implements Handler {

    private final String path;
    private final String contentType;
    private final Response response;

    StaticFile(String path, String contentType, byte[] content) {
        this.path = Objects.requireNonNull(path, "path");
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.response = Response.ok(contentType, content.clone());
    }

    /** The URL path it is served at, e.g. {@code /app.css}. */
    public String path() {
        return path;
    }

    /** Its media type, e.g. {@code text/css; charset=utf-8}. */
    public String contentType() {
        return contentType;
    }

    /** Its size in bytes. */
    public int size() {
        return response.bodyLength();
    }

    @Override
    public Response handle(Request request) {
        return response;
    }

    @Override
    public String toString() {
        return path + " (" + contentType + ", " + size() + " bytes)";
    }
}

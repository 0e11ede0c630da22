package pavel.desktop.ptth;

import java.util.List;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;

/** Short ways to build the answer to a {@link ReverseRequest}. */
public final class ReverseReplies {
    private ReverseReplies() {
    }

    /** {@code 204 No Content}: done, nothing to say (the usual answer to a document op). */
    public static ReverseResponse noContent(ReverseRequest request) {
        return status(request, 204);
    }

    /** A status with its standard reason phrase, no fields and no body. */
    public static ReverseResponse status(ReverseRequest request, int status) {
        return ReverseResponse.of(request, status, "");
    }

    /** {@code status} with a UTF-8 text body of the given content type, e.g. {@code text/plain}. */
    public static ReverseResponse body(ReverseRequest request, int status, String contentType, String body) {
        return new ReverseResponse(request.messageId(), request.httpVersion(), status, "",
                List.of(new Header("Content-Type", contentType)), body);
    }

    /** {@code 200 OK} with a text body. */
    public static ReverseResponse ok(ReverseRequest request, String contentType, String body) {
        return body(request, 200, contentType, body);
    }
}

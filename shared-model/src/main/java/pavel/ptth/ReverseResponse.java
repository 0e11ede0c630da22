package pavel.ptth;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A client's answer to a {@link ReverseRequest} (A to B).
 *
 * @param messageId copied from the request
 * @param httpVersion echoed from the request in the JSON flavour
 * @param status a final status, 200 to 599 in the JSON flavour (the upgrade flavour may carry 1xx-free others too)
 * @param reason informational only; may be empty
 */
public record ReverseResponse(String messageId, String httpVersion, int status, String reason, List<Header> headers,
        String body) {
    public ReverseResponse {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(httpVersion, "httpVersion");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(body, "body");
        if (!Tokens.isMessageId(messageId)) {
            throw new PtthFormatException("message-id '" + messageId + "' must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ : -.");
        }
        if (status < 200 || status > 599) {
            throw new PtthFormatException("status " + status + " is not a final status (200 to 599).");
        }
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new PtthFormatException("The reason phrase contains CR, LF or NUL.");
            }
        }
        headers = List.copyOf(headers);
    }

    /** The answer to {@code request} with this status, no headers and no body. */
    public static ReverseResponse of(ReverseRequest request, int status, String reason) {
        return new ReverseResponse(request.messageId(), request.httpVersion(), status, reason, List.of(), "");
    }

    /** The first value of a header (names compare case-insensitively), or null. */
    public @Nullable String header(String name) {
        return Header.first(headers, name);
    }
}

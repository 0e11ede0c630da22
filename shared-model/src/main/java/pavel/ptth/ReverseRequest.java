package pavel.ptth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request the server sends to a client (B to A). The same value travels as HTTP/1.1 on an upgraded socket or as a
 * JSON request object in a long-poll answer.
 *
 * <pre>{@code
 * ReverseRequest put = ReverseRequest.of("PUT", "/doc/main/body/div%5B2%5D",
 *         List.of(new Header("Pavel-Base", "4"), new Header("Pavel-Version", "5")), "<div>x</div>");
 * }</pre>
 *
 * @param messageId correlates the answer in the long-poll flavour; 1 to 128 characters of {@code A-Za-z0-9._~:-}
 * @param uri origin-form ({@code /path?query}) or {@code *}
 * @param httpVersion what the JSON envelope carries; {@code PTTH/1.0} when the server sends it
 * @param headers in order, repeats allowed, no framing fields
 * @param body UTF-8 text; {@code ""} for none
 */
public record ReverseRequest(String messageId, String method, String uri, String httpVersion, List<Header> headers,
        String body) {
    /** An in-memory DRBG: as unpredictable as the default, without a read of /dev/urandom per message. */
    private static final SecureRandom RANDOM = drbg();

    public ReverseRequest {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(httpVersion, "httpVersion");
        Objects.requireNonNull(body, "body");
        if (!Tokens.isMessageId(messageId)) {
            throw new PtthFormatException("message-id '" + messageId + "' must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ : -.");
        }
        if (!Tokens.isToken(method)) {
            throw new PtthFormatException("method '" + method + "' is not an HTTP token.");
        }
        if (!isRequestTarget(uri)) {
            throw new PtthFormatException("request-uri '" + uri + "' must be origin-form (/path?query) or *.");
        }
        headers = List.copyOf(headers);
    }

    /** A request with a fresh unpredictable message id, {@code PTTH/1.0} and an empty {@code Host} first. */
    public static ReverseRequest of(String method, String uri, List<Header> headers, String body) {
        List<Header> all = new java.util.ArrayList<>(headers.size() + 1);
        all.add(new Header("Host", ""));
        all.addAll(headers);
        return new ReverseRequest(newMessageId(), method, uri, "PTTH/1.0", all, body);
    }

    /** 96 random bits, base64url: unguessable, as PTTH.md §2.3.2 asks. */
    public static String newMessageId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** The first value of a header (names compare case-insensitively), or null. */
    public @Nullable String header(String name) {
        return Header.first(headers, name);
    }

    private static boolean isRequestTarget(String uri) {
        if (uri.equals("*")) {
            return true;
        }
        if (!uri.startsWith("/")) {
            return false;
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '#') {
                return false;
            }
        }
        return true;
    }
}

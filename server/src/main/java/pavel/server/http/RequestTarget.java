package pavel.server.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parsed request target: the path as sent, its percent-decoded segments and the query parameters.
 *
 * <p>Accepts the origin form ({@code /a/b?x=1}) and the absolute form ({@code http://host/a/b}). Anything
 * else, characters outside visible ASCII, malformed percent-encoding, encodings that are not UTF-8 and
 * decoded control characters are answered with {@code 400}. No dot-segment is resolved: {@code ..} stays a
 * segment named {@code ..}, which no route matches.
 *
 * @param path the path as sent, not decoded; starts with {@code /}
 * @param segments the decoded segments: {@code /} is {@code [""]}, {@code /a/b/} is {@code ["a", "b", ""]}
 * @param query the decoded query parameters; maybe empty, never null
 */
record RequestTarget(String path, List<String> segments, Map<String, List<String>> query) {

    private static final int QUOTE_LIMIT = 80;

    RequestTarget {
        segments = List.copyOf(segments);
        query = Map.copyOf(query);
    }

    /**
     * Parses a request target.
     *
     * @throws HttpStatusException with status {@code 400} if the target is not acceptable
     */
    static RequestTarget parse(String target) {
        String originForm = target;
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int authority = lower.indexOf("//") + 2;
            int slash = target.indexOf('/', authority);
            int question = target.indexOf('?', authority);
            if (slash < 0 || (question >= 0 && question < slash)) {
                originForm = "/" + (question >= 0 ? target.substring(question) : "");
            } else {
                originForm = target.substring(slash);
            }
        }
        if (!originForm.startsWith("/")) {
            throw HttpStatusException.badRequest("The request target " + quote(target) + " is not an absolute path.");
        }
        for (int i = 0; i < originForm.length(); i++) {
            char c = originForm.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '#') {
                throw HttpStatusException.badRequest("The request target " + quote(target)
                        + " contains a character that must be percent-encoded.");
            }
        }
        int question = originForm.indexOf('?');
        String path = question < 0 ? originForm : originForm.substring(0, question);
        List<String> segments = new ArrayList<>();
        for (String raw : path.substring(1).split("/", -1)) {
            segments.add(decodeSegment(raw, target));
        }
        Map<String, List<String>> query = Map.of();
        if (question >= 0) {
            try {
                query = new QueryStringDecoder(originForm.substring(question + 1), StandardCharsets.UTF_8, false)
                        .parameters();
            } catch (IllegalArgumentException e) {
                throw HttpStatusException.badRequest("The query of " + quote(target) + " is malformed.");
            }
        }
        return new RequestTarget(path, segments, query);
    }

    private static String decodeSegment(String raw, String target) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.put((byte) c);
                continue;
            }
            int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (low < 0) {
                throw HttpStatusException.badRequest(
                        "The request target " + quote(target) + " has a malformed percent-encoding.");
            }
            bytes.put((byte) (high << 4 | low));
            i += 2;
        }
        bytes.flip();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String decoded;
        try {
            CharBuffer chars = utf8.decode(bytes);
            decoded = chars.toString();
        } catch (CharacterCodingException e) {
            throw HttpStatusException.badRequest(
                    "The request target " + quote(target) + " is not percent-encoded UTF-8.");
        }
        for (int i = 0; i < decoded.length(); i++) {
            if (Character.isISOControl(decoded.charAt(i))) {
                throw HttpStatusException.badRequest(
                        "The request target " + quote(target) + " encodes a control character.");
            }
        }
        return decoded;
    }

    /**
     * The path of a request target that was not parsed, for a problem's {@code instance}: only if it is an
     * origin-form path of at most {@value #QUOTE_LIMIT} visible ASCII characters, else {@code null}.
     */
    static @Nullable String instanceOf(String target) {
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        if (!path.startsWith("/") || path.length() > QUOTE_LIMIT) {
            return null;
        }
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) <= 0x20 || path.charAt(i) >= 0x7f) {
                return null;
            }
        }
        return path;
    }

    /** Quotes a client-supplied target for a message, shortened so problems stay small. */
    static String quote(String value) {
        String shown = value.length() > QUOTE_LIMIT ? value.substring(0, QUOTE_LIMIT) + "…" : value;
        StringBuilder quoted = new StringBuilder("'");
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            quoted.append(Character.isISOControl(c) ? '?' : c);
        }
        return quoted.append('\'').toString();
    }
}

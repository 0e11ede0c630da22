package pavel.server.ptth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A media type or media range as in {@code Content-Type} and {@code Accept} (RFC 9110 §8.3.1, §12.5.1):
 * {@code type/subtype} plus parameters, names and the type in lower case, quoted values unquoted. Immutable.
 *
 * <pre>{@code
 * MediaType answer = MediaType.parse("message/http; msgtype=response");   // null if malformed
 * List<MediaType> ranges = MediaType.parseList("message/http, application/json;q=0.5");
 * }</pre>
 *
 * @param type the top-level type, {@code *} in a range that matches every type
 * @param subtype the subtype, {@code *} in a range that matches every subtype of {@code type}
 * @param parameters in order, names in lower case; {@code q} included when present
 */
record MediaType(String type, String subtype, Map<String, String> parameters) {

    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    MediaType {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subtype, "subtype");
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** The media type in {@code text}, or null if it is not {@code type/subtype *(; name=value)}. */
    static @Nullable MediaType parse(String text) {
        Cursor in = new Cursor(text);
        MediaType type = in.mediaType();
        in.skipSpace();
        return type != null && in.atEnd() ? type : null;
    }

    /**
     * The media ranges of one or more {@code Accept} values, in order; malformed elements are left out (RFC 9110
     * lets a recipient ignore what it cannot parse), so the list may be empty, never null.
     */
    static List<MediaType> parseList(List<String> values) {
        List<MediaType> ranges = new ArrayList<>();
        for (String value : values) {
            Cursor in = new Cursor(value);
            while (!in.atEnd()) {
                MediaType range = in.mediaType();
                in.skipSpace();
                if (range != null && (in.atEnd() || in.peek() == ',')) {
                    ranges.add(range);
                } else {
                    in.skipElement();
                }
                if (!in.atEnd()) {
                    in.next(); // the comma
                }
            }
        }
        return ranges;
    }

    /** Whether this is exactly {@code type/subtype}, compared case-insensitively; parameters are not looked at. */
    boolean is(String otherType, String otherSubtype) {
        return type.equalsIgnoreCase(otherType) && subtype.equalsIgnoreCase(otherSubtype);
    }

    /** The value of a parameter (name compared case-insensitively), or null. */
    @Nullable String parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The range's weight, 0 to 1000 (thousandths): {@code q} as RFC 9110 §12.4.2 writes it, 1000 without one, -1 for
     * a {@code q} that breaks the grammar (the caller ignores such a range).
     */
    int weight() {
        String q = parameter("q");
        if (q == null) {
            return 1000;
        }
        if (q.matches("0(\\.[0-9]{0,3})?")) {
            String digits = (q.length() > 2 ? q.substring(2) : "") + "000";
            return Integer.parseInt(digits.substring(0, 3));
        }
        return q.matches("1(\\.0{0,3})?") ? 1000 : -1;
    }

    /**
     * How specifically this range names {@code type/subtype}: 3 for the type itself, 2 for {@code type/*}, 1 for
     * {@code * /*}, 0 if it does not match it.
     */
    int specificity(String otherType, String otherSubtype) {
        if (is(otherType, otherSubtype)) {
            return 3;
        }
        if (type.equalsIgnoreCase(otherType) && subtype.equals("*")) {
            return 2;
        }
        return type.equals("*") && subtype.equals("*") ? 1 : 0;
    }

    /** Reads media types off a header value; positions past the end read as end. */
    private static final class Cursor {
        private final String text;
        private int at;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        char peek() {
            return text.charAt(at);
        }

        void next() {
            at++;
        }

        void skipSpace() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                at++;
            }
        }

        /** Skips to the next comma outside a quoted string. */
        void skipElement() {
            boolean quoted = false;
            while (!atEnd() && (quoted || peek() != ',')) {
                char c = peek();
                if (quoted && c == '\\') {
                    at++;
                } else if (c == '"') {
                    quoted = !quoted;
                }
                at++;
            }
        }

        @Nullable MediaType mediaType() {
            skipSpace();
            String type = token();
            if (type == null || atEnd() || peek() != '/') {
                return null;
            }
            next();
            String subtype = token();
            if (subtype == null) {
                return null;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                if (atEnd() || peek() != ';') {
                    break;
                }
                next();
                skipSpace();
                if (atEnd() || peek() == ',' || peek() == ';') {
                    continue; // RFC 9110 §5.6.6 allows empty parameters
                }
                String name = token();
                if (name == null || atEnd() || peek() != '=') {
                    return null;
                }
                next();
                String value = atEnd() || peek() != '"' ? token() : quoted();
                if (value == null || parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), value) != null) {
                    return null; // a repeated parameter is ambiguous
                }
            }
            return new MediaType(type.toLowerCase(Locale.ROOT), subtype.toLowerCase(Locale.ROOT), parameters);
        }

        private @Nullable String token() {
            int start = at;
            while (!atEnd() && isTokenChar(peek())) {
                at++;
            }
            return at == start ? null : text.substring(start, at);
        }

        private @Nullable String quoted() {
            StringBuilder value = new StringBuilder();
            next();
            while (!atEnd()) {
                char c = peek();
                next();
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (atEnd()) {
                        return null;
                    }
                    c = peek();
                    next();
                }
                value.append(c);
            }
            return null;
        }

        private static boolean isTokenChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TCHAR_SYMBOLS.indexOf(c) >= 0;
        }
    }
}

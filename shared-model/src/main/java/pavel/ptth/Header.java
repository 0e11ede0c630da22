package pavel.ptth;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One header field of a reverse request or response: a token name and a value without CR, LF or NUL, so that it
 * can never smuggle another field or message onto the wire (PTTH.md §5.1.6).
 */
public record Header(String name, String value) {
    /** Framing and hop-by-hop fields: never sent in the JSON envelope, ignored on receipt (§2.3.2). */
    static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection", "keep-alive",
            "proxy-connection", "te", "trailer", "upgrade");

    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!Tokens.isToken(name)) {
            throw new PtthFormatException("Header name '" + name + "' is not an HTTP token.");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new PtthFormatException("The value of header " + name + " contains CR, LF or NUL.");
            }
        }
    }

    /** The value of the first of {@code headers} named {@code name} (compared case-insensitively), or null. */
    static @Nullable String first(List<Header> headers, String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** True for Content-Length, Transfer-Encoding and the hop-by-hop fields. */
    public boolean isFraming() {
        return FRAMING.contains(name.toLowerCase(Locale.ROOT));
    }
}

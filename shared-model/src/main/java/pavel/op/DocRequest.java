package pavel.op;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import pavel.model.Document;
import pavel.model.DocumentException;
import pavel.path.NodePath;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;

/**
 * A request on {@code /doc/{space}{path}}: the same shape whether a user sends it to the server's REST API or the
 * server sends it to a replica as a reverse request (a client's URI space mirrors the server's, DESIGN.md "PTTH").
 *
 * <pre>{@code
 * DocRequest put = DocRequest.of("main", op);                  // PUT /doc/main/body/div%5B2%5D
 * ReverseRequest wire = put.toReverse(record.base());          // + Pavel-Base: n, Pavel-Version: n + 1
 * DocRequest back = DocRequest.parse(wire.method(), wire.uri(), wire.body());
 * Op again = back.toOp();                                      // equal to op
 * }</pre>
 *
 * <p>The mapping, both ways: {@code PUT} on an element replaces it ({@code /} the whole document); {@code PUT} on
 * {@code @name} or {@code text()} sets the value; {@code POST} inserts ({@code ?at=first|before|after}, append when
 * absent); {@code DELETE} removes an element or an attribute.
 *
 * @param method {@code GET}, {@code PUT}, {@code POST} or {@code DELETE}
 * @param space the space's name ({@link #isSpaceName})
 * @param path the node path after the space
 * @param at where a {@code POST} inserts; null for append and for the other methods
 * @param body the fragment or value; {@code ""} for none
 */
public record DocRequest(String method, String space, NodePath path, @Nullable Placement at, String body) {

    /** The header with the version a replica must be at before an op. */
    public static final String BASE = "Pavel-Base";
    /** The header with the version a change produced, or a whole document is at. */
    public static final String VERSION = "Pavel-Version";
    /** The media type of fragments and whole documents. */
    public static final String HTML = "text/html; charset=utf-8";
    /** The media type of attribute values and text. */
    public static final String TEXT = "text/plain; charset=utf-8";

    private static final String PREFIX = "/doc/";
    private static final Pattern SPACE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public DocRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        if (at != null && !method.equals("POST")) {
            throw new DocumentException(400, "?at= places a POST; a " + method + " takes no placement.");
        }
    }

    /** Whether {@code name} can name a space: a letter or digit, then up to 63 of {@code A-Za-z0-9._-}. */
    public static boolean isSpaceName(String name) {
        return SPACE_NAME.matcher(name).matches();
    }

    /**
     * Reads a request target {@code /doc/{space}{path}[?at=…]}, percent-encoded or not.
     *
     * @throws DocumentException (400) for a target outside {@code /doc/}, a bad space name, a bad path or placement
     */
    public static DocRequest parse(String method, String uri, String body) {
        if (!uri.startsWith(PREFIX)) {
            throw new DocumentException(400, "A document request goes to /doc/{space}{path}, not " + uri + ".");
        }
        int question = uri.indexOf('?');
        String target = question < 0 ? uri : uri.substring(0, question);
        int slash = target.indexOf('/', PREFIX.length());
        String space = decode(slash < 0 ? target.substring(PREFIX.length()) : target.substring(PREFIX.length(), slash));
        String path = slash < 0 ? "/" : target.substring(slash);
        return of(method, space, path, question < 0 ? null : at(uri.substring(question + 1)), body);
    }

    /**
     * A request from its parts as the server's router splits them.
     *
     * @param path the node path, percent-encoded or not; {@code ""} means {@code /}
     * @param at the {@code at} query parameter, or null
     * @throws DocumentException (400) for a bad space name, path or placement
     */
    public static DocRequest of(String method, String space, String path, @Nullable String at, String body) {
        if (!isSpaceName(space)) {
            throw new DocumentException(400, "'" + space + "' is not a space name: a letter or digit, then up to 63"
                    + " letters, digits, '.', '_' or '-'.");
        }
        Placement placement = at == null ? null : Placement.fromWireName(at);
        if (placement == Placement.APPEND) {
            placement = null;
        }
        return new DocRequest(method, space, NodePath.parse(path.isEmpty() ? "/" : path), placement, body);
    }

    /** The request that carries {@code op} on {@code space}. */
    public static DocRequest of(String space, Op op) {
        return switch (op) {
            case Op.Replace r -> new DocRequest("PUT", space, r.path(), null, r.html());
            case Op.Insert i -> new DocRequest("POST", space, i.path(), i.at() == Placement.APPEND ? null : i.at(),
                    i.html());
            case Op.Remove r -> new DocRequest("DELETE", space, r.path(), null, "");
            case Op.Set s -> new DocRequest("PUT", space, s.path(), null, s.value());
        };
    }

    /**
     * The op this request asks for.
     *
     * @throws DocumentException (400) for a method that changes nothing ({@code GET}), a POST on an attribute or
     *     text, a DELETE of text; (405 is the router's business)
     */
    public Op toOp() {
        return switch (method) {
            case "PUT" -> path.leaf() == null ? new Op.Replace(path, body) : new Op.Set(path, body);
            case "POST" -> {
                if (path.leaf() != null) {
                    throw new DocumentException(400, "Nothing can be inserted into " + path
                            + "; PUT sets an attribute or text.");
                }
                yield new Op.Insert(path, at == null ? Placement.APPEND : at, body);
            }
            case "DELETE" -> new Op.Remove(path);
            default -> throw new DocumentException(400, method + " does not change a document; use PUT, POST or DELETE.");
        };
    }

    /** The request target: {@code /doc/{space}{path}} with the path percent-encoded, and {@code ?at=} if any. */
    public String uri() {
        String target = PREFIX + space + path.toUriString();
        return at == null ? target : target + "?at=" + at.wireName();
    }

    /** {@link #HTML} for fragments, {@link #TEXT} for attribute and text values. */
    public String contentType() {
        return path.leaf() == null ? HTML : TEXT;
    }

    /** This op as the reverse request a replica at version {@code base} receives. */
    public ReverseRequest toReverse(long base) {
        List<Header> headers = new ArrayList<>(3);
        headers.add(new Header(BASE, Long.toString(base)));
        headers.add(new Header(VERSION, Long.toString(base + 1)));
        if (!method.equals("DELETE")) {
            headers.add(new Header("Content-Type", contentType()));
        }
        return ReverseRequest.of(method, uri(), headers, body);
    }

    /** {@code PUT /doc/{space}/} with the whole document and its version: how a replica joins or is resynced. */
    public static ReverseRequest wholeDocument(String space, Document document) {
        return ReverseRequest.of("PUT", PREFIX + space + "/", List.of(
                new Header(VERSION, Long.toString(document.version())),
                new Header("Content-Type", HTML)), document.outerHtml());
    }

    /** {@code GET /doc/{space}/}: the server asks a replica for its version and hash (a replica check). */
    public static ReverseRequest replicaCheck(String space) {
        return ReverseRequest.of("GET", PREFIX + space + "/", List.of(), "");
    }

    private static @Nullable String at(String query) {
        String found = null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name.equals("at")) {
                if (found != null) {
                    throw new DocumentException(400, "?at= is given more than once.");
                }
                found = eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        return found;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new DocumentException(400, "'" + s + "' has a broken percent-escape.");
        }
    }
}

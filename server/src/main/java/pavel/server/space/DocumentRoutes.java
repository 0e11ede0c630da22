package pavel.server.space;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import pavel.model.AmbiguousPathException;
import pavel.model.DocumentException;
import pavel.model.FragmentRefusedException;
import pavel.op.DocRequest;
import pavel.op.Op;
import pavel.op.OpRecord;
import pavel.server.http.HttpStatusException;
import pavel.server.http.Request;
import pavel.server.http.Response;
import pavel.server.http.Router;

/**
 * The document API of DESIGN.md on {@code /doc/{space}{path}}: {@code GET} a node's outer HTML or an
 * attribute's or text's value; {@code PUT} replaces a node (the whole document on {@code /}) or sets a value;
 * {@code POST} inserts ({@code ?at=first|before|after}, append by default) and answers {@code 201} with the
 * {@code Location} of the created node; {@code DELETE} removes a node or attribute. Every change answers with
 * {@code Pavel-Version: n} and {@code ETag: "n"}, and honours {@code If-Match: "n"} ({@code 412}).
 *
 * <p>Paths are taken from the raw request target, percent-encoded or not, so that an escaped {@code %} in a
 * quoted value stays what it was. Errors are problems: {@code 400} bad path, {@code 404} no such space or node,
 * {@code 409} ambiguous, {@code 412} stale, {@code 413} too large, {@code 422} refused by the sanitizer.
 */
public final class DocumentRoutes {

    private static final String PREFIX = "/doc/";

    private final Spaces spaces;

    private DocumentRoutes(Spaces spaces) {
        this.spaces = Objects.requireNonNull(spaces, "spaces");
    }

    /** Registers {@code GET}, {@code PUT}, {@code POST} and {@code DELETE} on {@code /doc/{space}/**}. */
    public static void register(Router.Builder routes, Spaces spaces) {
        DocumentRoutes documents = new DocumentRoutes(spaces);
        String pattern = PREFIX + "{space}/**";
        routes.get(pattern, documents::read);
        routes.put(pattern, documents::change);
        routes.post(pattern, documents::change);
        routes.delete(pattern, documents::change);
    }

    private Response read(Request request) {
        try {
            DocRequest target = target(request, "GET", "");
            Space space = spaces.require(target.space());
            // One read for the content and its version: a change in between must not mislabel it.
            record Read(String content, long version) {}
            Read read = space.read(document -> new Read(space.get(target.path()), document.version()));
            String type = target.path().leaf() == null ? DocRequest.HTML : DocRequest.TEXT;
            return versioned(Response.ok(type, read.content().getBytes(StandardCharsets.UTF_8)), read.version());
        } catch (DocumentException e) {
            throw problem(e);
        }
    }

    private Response change(Request request) {
        String method = request.method().name();
        try {
            DocRequest target = target(request, method, text(request));
            Op op = target.toOp();
            Space.Change change = spaces.require(target.space())
                    .apply(op, IfMatch.parse(request.header("If-Match")));
            OpRecord record = change.record();
            Response response = switch (record.op()) {
                case Op.Insert insert -> Response.of(HttpResponseStatus.CREATED, DocRequest.HTML,
                                bytes(insert.html()))
                        .withHeader("location", PREFIX + target.space()
                                + Objects.requireNonNull(change.created()).toUriString());
                case Op.Replace replace -> Response.ok(DocRequest.HTML, bytes(replace.html()));
                case Op.Set set -> Response.ok(DocRequest.TEXT, bytes(set.value()));
                case Op.Remove remove -> Response.empty(HttpResponseStatus.NO_CONTENT);
            };
            return versioned(response, record.version());
        } catch (DocumentException e) {
            throw problem(e);
        }
    }

    /** The request's space and node path, from the raw (still percent-encoded) target. */
    private static DocRequest target(Request request, String method, String body) {
        String raw = request.path();
        int slash = raw.indexOf('/', PREFIX.length());
        String path = slash < 0 ? "" : raw.substring(slash);
        return DocRequest.of(method, request.pathParam("space"), path, request.queryParam("at"), body);
    }

    private static Response versioned(Response response, long version) {
        return response.withHeader(DocRequest.VERSION, Long.toString(version))
                .withHeader("etag", "\"" + version + "\"")
                .withHeader("cache-control", "no-cache");
    }

    /** The problem for a refused request, with what a client needs to act on it. */
    public static HttpStatusException problem(DocumentException e) {
        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, String> headers = Map.of();
        switch (e) {
            case FragmentRefusedException refused -> details.put("refused", refused.refusals().stream()
                    .map(r -> Map.of("what", r.what(), "why", r.why())).toList());
            case AmbiguousPathException ambiguous -> details.put("count", ambiguous.count());
            case StaleVersionException stale -> headers = Map.of(DocRequest.VERSION, Long.toString(stale.current()),
                    "etag", "\"" + stale.current() + "\"");
            default -> { }
        }
        return new HttpStatusException(HttpResponseStatus.valueOf(e.status()), e.getMessage(), details, headers);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The body as text; a body that is not UTF-8 is a 400. */
    static String text(Request request) {
        String text = request.strictBodyText();
        if (text == null) {
            throw new DocumentException(400, "The body is not valid UTF-8.");
        }
        return text;
    }
}

package pavel.ptth;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The long-poll JSON envelope of PTTH.md §2.3, strict: RFC 8259 only (no single-quoted literals), duplicate members
 * refused, unknown members ignored, every member checked; framing fields ignored on receipt and never written.
 * Writes the compact form {@code JSON.stringify} gives, members in the order of the spec. Thread-safe.
 *
 * <pre>{@code
 * String json = PtthJson.write(request);                   // one request object
 * List<ReverseResponse> answers = PtthJson.readResponses(body);   // an object, or an array with Pavel-Batch
 * }</pre>
 */
public final class PtthJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PtthJson() {
    }

    public static String write(ReverseRequest request) {
        return generate(g -> writeRequest(request, g));
    }

    public static String write(ReverseResponse response) {
        return generate(g -> writeResponse(response, g));
    }

    /** The batch form of PTTH.md §0: an array of request objects, {@code []} for none. */
    public static String writeRequests(List<ReverseRequest> requests) {
        return generate(g -> {
            g.writeStartArray();
            for (ReverseRequest r : requests) {
                writeRequest(r, g);
            }
            g.writeEndArray();
        });
    }

    /** The batch form for answers: an array of response objects. */
    public static String writeResponses(List<ReverseResponse> responses) {
        return generate(g -> {
            g.writeStartArray();
            for (ReverseResponse r : responses) {
                writeResponse(r, g);
            }
            g.writeEndArray();
        });
    }

    /** A poll answer: {@code {}} (nothing) gives none, an object one request, an array several. */
    public static List<ReverseRequest> readRequests(String json) {
        JsonNode root = parse(json);
        if (root.isObject() && root.isEmpty()) {
            return List.of();
        }
        return each(root, PtthJson::request);
    }

    /** A poll body: an object gives one response, an array (batch) several; {@code {}} is not a response. */
    public static List<ReverseResponse> readResponses(String json) {
        return each(parse(json), PtthJson::response);
    }

    private static <T> List<T> each(JsonNode root, Function<JsonNode, T> read) {
        if (root.isObject()) {
            return List.of(read.apply(root));
        }
        if (!root.isArray()) {
            throw new PtthFormatException("Expected a JSON object or an array of objects.");
        }
        List<T> out = new ArrayList<>(root.size());
        for (JsonNode item : root) {
            if (!item.isObject()) {
                throw new PtthFormatException("Every element of the array must be a JSON object.");
            }
            out.add(read.apply(item));
        }
        return out;
    }

    private static ReverseRequest request(JsonNode node) {
        return new ReverseRequest(text(node, "message-id"), text(node, "method"), text(node, "request-uri"),
                optionalText(node, "http-version", "PTTH/1.0"), headers(node), text(node, "body"));
    }

    private static ReverseResponse response(JsonNode node) {
        JsonNode status = node.get("status");
        if (status == null) {
            throw new PtthFormatException("Member \"status\" is missing.");
        }
        if (!status.isIntegralNumber() || !status.canConvertToInt()) {
            throw new PtthFormatException("Member \"status\" must be an integer.");
        }
        return new ReverseResponse(text(node, "message-id"), optionalText(node, "http-version", "PTTH/1.0"),
                status.intValue(), optionalText(node, "reason", ""), headers(node), text(node, "body"));
    }

    private static List<Header> headers(JsonNode node) {
        JsonNode headers = node.get("headers");
        if (headers == null) {
            throw new PtthFormatException("Member \"headers\" is missing.");
        }
        if (!headers.isArray()) {
            throw new PtthFormatException("Member \"headers\" must be an array of [name, value] pairs.");
        }
        List<Header> out = new ArrayList<>(headers.size());
        for (JsonNode pair : headers) {
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                throw new PtthFormatException("Every header must be a [name, value] pair of two strings.");
            }
            Header header = new Header(pair.get(0).textValue(), pair.get(1).textValue());
            if (!header.isFraming()) {
                out.add(header);
            }
        }
        return out;
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        if (value == null) {
            throw new PtthFormatException("Member \"" + member + "\" is missing.");
        }
        if (!value.isTextual()) {
            throw new PtthFormatException("Member \"" + member + "\" must be a string.");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String member, String otherwise) {
        return node.has(member) ? text(node, member) : otherwise;
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new PtthFormatException("The body is empty; expected JSON.");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new PtthFormatException("Not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void writeRequest(ReverseRequest r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("message-id", r.messageId());
        g.writeStringField("method", r.method());
        g.writeStringField("request-uri", r.uri());
        g.writeStringField("http-version", r.httpVersion());
        writeHeaders(r.headers(), g);
        g.writeStringField("body", r.body());
        g.writeEndObject();
    }

    private static void writeResponse(ReverseResponse r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("message-id", r.messageId());
        g.writeStringField("http-version", r.httpVersion());
        g.writeNumberField("status", r.status());
        g.writeStringField("reason", r.reason());
        writeHeaders(r.headers(), g);
        g.writeStringField("body", r.body());
        g.writeEndObject();
    }

    private static void writeHeaders(List<Header> headers, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("headers");
        for (Header h : headers) {
            if (!h.isFraming()) {
                g.writeStartArray();
                g.writeString(h.name());
                g.writeString(h.value());
                g.writeEndArray();
            }
        }
        g.writeEndArray();
    }

    private interface Writing {
        void to(JsonGenerator generator) throws IOException;
    }

    private static String generate(Writing writing) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            writing.to(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}

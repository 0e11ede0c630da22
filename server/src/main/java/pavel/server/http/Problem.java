package pavel.server.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem detail, sent as {@code application/problem+json}.
 *
 * <p>Pavel uses the {@code about:blank} type throughout, so {@code title} is the status phrase and
 * {@code detail} is the sentence that says what was wrong with this request. Extension members (for
 * example {@code "allowed": ["GET", "HEAD"]}) are written next to the standard members.
 *
 * @param type a URI reference naming the problem type; {@code about:blank} by default
 * @param title the short summary of the type; the status phrase for {@code about:blank}
 * @param status the HTTP status code
 * @param detail the human sentence about this occurrence, or {@code null}
 * @param instance the request path it occurred at, or {@code null}
 * @param extensions extension members; maybe empty, never null, never a standard member's name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance"})
public record Problem(
        String type, String title, int status, @Nullable String detail, @Nullable String instance,
        Map<String, Object> extensions) {

    /** The media type of a problem document. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail", "instance");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates the members and copies {@code extensions}. */
    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("Status (" + status + ") must be between 100 and 599.");
        }
        for (String name : extensions.keySet()) {
            if (STANDARD_MEMBERS.contains(name)) {
                throw new IllegalArgumentException("Extension member '" + name + "' clashes with a standard member.");
            }
        }
        extensions = Map.copyOf(extensions);
    }

    /** An {@code about:blank} problem for {@code status}, titled with the status phrase. */
    public static Problem of(HttpResponseStatus status, @Nullable String detail, @Nullable String instance) {
        return new Problem("about:blank", status.reasonPhrase(), status.code(), detail, instance, Map.of());
    }

    /** A copy with {@code more} added to the extension members. */
    public Problem withExtensions(Map<String, ?> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, Object> merged = new LinkedHashMap<>(extensions);
        merged.putAll(more);
        return new Problem(type, title, status, detail, instance, merged);
    }

    /** The extension members, written at the top level of the JSON object. */
    @Override
    @JsonAnyGetter
    public Map<String, Object> extensions() {
        return extensions;
    }

    /** The problem as UTF-8 JSON. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            // Only strings, numbers and lists of them go in; failing here is a bug, not bad input.
            throw new IllegalStateException("Cannot write problem " + this + " as JSON.", e);
        }
    }
}

package pavel.server.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A route's path: literal segments, {@code {name}} segments that capture one non-empty segment, and an
 * optional final {@code **} that captures the rest of the path.
 *
 * <p>Examples: {@code /health}, {@code /objects/{name}}, {@code /doc/{space}/**}. Against
 * {@code /doc/{space}/**}, the path {@code /doc/main} matches with rest {@code ""}, {@code /doc/main/} with
 * rest {@code "/"} and {@code /doc/main/body/div[2]} with rest {@code "/body/div[2]"}. Segments are
 * compared after percent-decoding, so a literal never matches an encoded slash or dot-dot by accident.
 *
 * <p>Immutable and thread-safe.
 */
public final class PathPattern {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final String REST = "**";

    private final String pattern;
    private final List<Segment> segments;
    private final boolean hasRest;

    private PathPattern(String pattern, List<Segment> segments, boolean hasRest) {
        this.pattern = pattern;
        this.segments = List.copyOf(segments);
        this.hasRest = hasRest;
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException if the pattern does not start with {@code /}, has a malformed or
     *     repeated parameter, or uses {@code **} anywhere but as the last segment
     */
    public static PathPattern parse(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("Path pattern '" + pattern + "' must start with '/'.");
        }
        String[] parts = pattern.substring(1).split("/", -1);
        List<Segment> segments = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean hasRest = false;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.equals(REST)) {
                if (i != parts.length - 1) {
                    throw new IllegalArgumentException(
                            "Path pattern '" + pattern + "' may use '**' only as its last segment.");
                }
                hasRest = true;
            } else if (part.startsWith("{") && part.endsWith("}")) {
                String name = part.substring(1, part.length() - 1);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException(
                            "Path pattern '" + pattern + "' has a malformed parameter '" + part + "'.");
                }
                if (!names.add(name)) {
                    throw new IllegalArgumentException(
                            "Path pattern '" + pattern + "' repeats the parameter '" + name + "'.");
                }
                segments.add(new Segment(name, true));
            } else if (part.contains("{") || part.contains("}") || part.contains("*")) {
                throw new IllegalArgumentException(
                        "Path pattern '" + pattern + "' has a malformed segment '" + part + "'.");
            } else {
                segments.add(new Segment(part, false));
            }
        }
        return new PathPattern(pattern, segments, hasRest);
    }

    /**
     * Matches decoded path segments (the path {@code /a/b/} is {@code ["a", "b", ""]}).
     *
     * @return the captured parameters and rest, or {@code null} if the path does not match
     */
    @Nullable Match match(List<String> path) {
        if (hasRest ? path.size() < segments.size() : path.size() != segments.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            String actual = path.get(i);
            if (segment.parameter()) {
                if (actual.isEmpty()) {
                    return null;
                }
                params.put(segment.text(), actual);
            } else if (!segment.text().equals(actual)) {
                return null;
            }
        }
        StringBuilder rest = new StringBuilder();
        for (int i = segments.size(); i < path.size(); i++) {
            rest.append('/').append(path.get(i));
        }
        return new Match(params, rest.toString());
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof PathPattern that && pattern.equals(that.pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return pattern;
    }

    private record Segment(String text, boolean parameter) {}

    /**
     * What a match captured.
     *
     * @param params the {@code {name}} segments, decoded
     * @param rest what {@code **} captured, starting with {@code /}, or {@code ""}
     */
    record Match(Map<String, String> params, String rest) {
        Match {
            params = Map.copyOf(params);
        }
    }
}

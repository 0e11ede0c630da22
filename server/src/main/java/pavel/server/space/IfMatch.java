package pavel.server.space;

import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An {@code If-Match} precondition on a space's version: {@code "7"} (or a list of such tags) holds while the space
 * is at one of those versions; {@code *} always holds. Weak and foreign tags never match (RFC 9110 §13.1.1 compares
 * strongly).
 */
public record IfMatch(Set<Long> versions, boolean any) {

    /** The precondition of an {@code If-Match} header, or null when there is none. */
    public static @Nullable IfMatch parse(@Nullable String header) {
        if (header == null) {
            return null;
        }
        Set<Long> versions = new HashSet<>();
        for (String tag : header.split(",")) {
            String t = tag.trim();
            if (t.equals("*")) {
                return new IfMatch(Set.of(), true);
            }
            if (t.length() >= 3 && t.startsWith("\"") && t.endsWith("\"")) {
                String digits = t.substring(1, t.length() - 1);
                if (!digits.isEmpty() && digits.length() < 19 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    versions.add(Long.parseLong(digits));
                }
            }
        }
        return new IfMatch(Set.copyOf(versions), false);
    }

    /** Whether a space at {@code version} satisfies it. */
    public boolean matches(long version) {
        return any || versions.contains(version);
    }

    /** The tags it named, for the problem's sentence. */
    String describe() {
        return any ? "*" : versions.isEmpty() ? "no version" : "version " + versions.stream().sorted().map(String::valueOf)
                .reduce((a, b) -> a + " or " + b).orElse("");
    }
}

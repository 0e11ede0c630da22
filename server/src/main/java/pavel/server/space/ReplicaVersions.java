package pavel.server.space;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code Pavel-Version} a client sends when it opens or resumes a session: the versions its replicas
 * hold, {@code 42} when it views one space or {@code main=42, lab=7} for several. A malformed header counts as
 * none: the client then gets whole documents, which is always correct.
 */
final class ReplicaVersions {

    private ReplicaVersions() {}

    /** Version by space name; empty when the header is absent or malformed. */
    static Map<String, Long> parse(@Nullable String header, List<String> viewed) {
        if (header == null || header.isBlank()) {
            return Map.of();
        }
        try {
            String trimmed = header.trim();
            if (trimmed.indexOf('=') < 0) {
                return viewed.size() == 1 ? Map.of(viewed.getFirst(), version(trimmed)) : Map.of();
            }
            Map<String, Long> versions = new HashMap<>();
            for (String item : trimmed.split(",")) {
                int eq = item.indexOf('=');
                if (eq < 0) {
                    return Map.of();
                }
                versions.put(item.substring(0, eq).trim(), version(item.substring(eq + 1).trim()));
            }
            return versions;
        } catch (NumberFormatException e) {
            return Map.of();
        }
    }

    private static long version(String digits) {
        long version = Long.parseLong(digits);
        if (version < 0 || !digits.chars().allMatch(Character::isDigit)) {
            throw new NumberFormatException(digits);
        }
        return version;
    }
}

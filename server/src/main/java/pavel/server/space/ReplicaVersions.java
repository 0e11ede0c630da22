package pavel.server.space;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import pavel.model.DocumentException;
import pavel.replica.SpaceVersions;

/**
 * Reads the {@code Pavel-Version} a client sends when it opens or resumes a session: the versions its replicas
 * hold, {@code main=42, lab=7} (PTTH.md §0), or a bare {@code 42} when it views one space. A malformed header counts
 * as none: the client then gets whole documents, which is always correct.
 */
final class ReplicaVersions {

    private ReplicaVersions() {}

    /** Version by space name; empty when the header is absent or malformed. */
    static Map<String, Long> parse(@Nullable String header, List<String> viewed) {
        if (header == null || header.isBlank()) {
            return Map.of();
        }
        String value = header.strip();
        try {
            if (value.indexOf('=') < 0 && viewed.size() == 1) {
                return SpaceVersions.parse(viewed.getFirst() + "=" + value).versions();
            }
            return SpaceVersions.parse(value).versions();
        } catch (DocumentException e) {
            return Map.of();
        }
    }
}

package pavel.replica;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import pavel.model.DocumentException;
import pavel.op.DocRequest;

/**
 * The version of each space a client holds a replica of: the value of {@code Pavel-Version} on the handshake that
 * (re)opens a session, so that the server sends only what the client missed (PTTH.md §0 "resume").
 *
 * <pre>{@code
 * new SpaceVersions(Map.of("main", 42L, "lab", 7L)).headerValue();   // "lab=7, main=42"
 * SpaceVersions.parse("main=42,lab=7").versions().get("main");        // 42
 * }</pre>
 *
 * @param versions by space name, sorted by name; maybe empty, never null
 */
public record SpaceVersions(Map<String, Long> versions) {
    /** No spaces held. */
    public static final SpaceVersions NONE = new SpaceVersions(Map.of());

    public SpaceVersions {
        Objects.requireNonNull(versions, "versions");
        SortedMap<String, Long> sorted = new TreeMap<>();
        versions.forEach((space, version) -> {
            if (!DocRequest.isSpaceName(space)) {
                throw new IllegalArgumentException("'" + space + "' is not a space name.");
            }
            if (version < 0) {
                throw new IllegalArgumentException("The version of " + space + " (" + version + ") cannot be negative.");
            }
            sorted.put(space, version);
        });
        versions = Collections.unmodifiableSortedMap(sorted);
    }

    public boolean isEmpty() {
        return versions.isEmpty();
    }

    /** {@code lab=7, main=42}: each space and its version, by name; {@code ""} when none. */
    public String headerValue() {
        return versions.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /**
     * Reads a header value {@code space=n, space=n}; spaces around items are ignored, an empty value gives
     * {@link #NONE}.
     *
     * @throws DocumentException (400) that quotes the first bad item, or names a space given twice
     */
    public static SpaceVersions parse(String headerValue) {
        Map<String, Long> versions = new TreeMap<>();
        for (String item : headerValue.split(",", -1)) {
            String trimmed = item.strip();
            if (trimmed.isEmpty() && headerValue.isBlank()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            String space = eq < 0 ? trimmed : trimmed.substring(0, eq).strip();
            long version = eq < 0 ? -1 : VersionHeaders.parseVersion(trimmed.substring(eq + 1).strip());
            if (version < 0 || !DocRequest.isSpaceName(space)) {
                throw new DocumentException(400, "'" + trimmed + "' in Pavel-Version '" + headerValue
                        + "' is not space=version.");
            }
            if (versions.put(space, version) != null) {
                throw new DocumentException(400, "Pavel-Version '" + headerValue + "' names " + space + " twice.");
            }
        }
        return new SpaceVersions(versions);
    }

    @Override
    public String toString() {
        return headerValue();
    }
}

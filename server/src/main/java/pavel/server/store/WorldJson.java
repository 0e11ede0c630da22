package pavel.server.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The export format, {@code {"format":"pavel-world","version":1,…}}: its name, its version and the JSON settings
 * that {@link WorldJsonWriter} and {@link WorldJsonReader} share. A change to the format that an older Pavel could
 * not read raises {@link #VERSION}; an import refuses a file of a version newer than its own.
 */
public final class WorldJson {

    /** The value of the {@code format} member. */
    public static final String FORMAT = "pavel-world";

    /** The version this build writes and the newest it reads. */
    public static final int VERSION = 1;

    /** A whole document is one string; the default limit (20 M characters) is meant for requests, not worlds. */
    private static final int MAX_STRING_LENGTH = 512 * 1024 * 1024;

    private WorldJson() {}

    /**
     * The mapper for states and messages: numbers kept as written ({@code 1.50} stays {@code 1.50}, a 20-digit
     * integer stays exact), so a state goes through an export and an import unchanged.
     */
    static ObjectMapper values() {
        return builder().build();
    }

    /**
     * The mapper for a file to import: as {@link #values()}, and strict: a member named twice or anything after the
     * world is refused, not silently dropped.
     */
    static ObjectMapper strict() {
        return builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    private static JsonMapper.Builder builder() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_LENGTH).build())
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    }
}

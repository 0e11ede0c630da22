package pavel.op;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Objects;
import pavel.model.Document;
import pavel.model.DocumentException;

/**
 * An applied op: the canonical op, the version it applied to ({@code base}; the result is {@code base + 1}) and the
 * hash of the document it produced. What the op log keeps and what replicas apply.
 *
 * <pre>{@code
 * {"base":4,"op":{"type":"insert","path":"/body","at":"append","html":"<p>hi</p>"},"hash":"5f0c…"}
 * }</pre>
 */
public record OpRecord(long base, Op op, String hash) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public OpRecord {
        if (base < 0) {
            throw new IllegalArgumentException("Base version (" + base + ") cannot be negative.");
        }
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(hash, "hash");
    }

    /** The version this op produces. */
    public long version() {
        return base + 1;
    }

    /**
     * Applies this record to a replica. A replica already at or past {@link #version()} is left alone (ops are safe
     * to repeat); one at another version gets a {@link VersionConflictException}.
     *
     * @return true when the op was applied
     * @throws VersionConflictException (409) when the replica is not at {@link #base()}
     * @throws DocumentException (409) when the replica ends with another hash than the original: it diverged
     */
    public boolean applyTo(Document replica) {
        if (replica.version() >= version()) {
            return false;
        }
        if (replica.version() != base) {
            throw new VersionConflictException(base, replica.version());
        }
        op.applyTo(replica);
        if (!replica.hashHex().equals(hash)) {
            throw new DocumentException(409, "The replica's hash " + replica.hashHex() + " differs from " + hash
                    + " after version " + version() + "; it needs the whole document again.");
        }
        return true;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An op record could not be written as JSON: " + this, e);
        }
    }

    /** Reads a record; malformed JSON or an invalid op is a {@link DocumentException} (400) that says why. */
    public static OpRecord fromJson(String json) {
        try {
            return JSON.readValue(json, OpRecord.class);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof DocumentException problem) {
                throw problem;
            }
            throw new DocumentException(400, "Not a valid op record: " + e.getOriginalMessage());
        }
    }
}

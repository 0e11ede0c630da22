package pavel.op;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import pavel.model.DocumentException;

/** Where an insert puts its nodes relative to the target: the {@code ?at=} of {@code POST /doc/…}. */
public enum Placement {
    /** As the last children of the target (the default). */
    APPEND,
    /** As the first children of the target. */
    FIRST,
    /** As siblings just before the target. */
    BEFORE,
    /** As siblings just after the target. */
    AFTER;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code append}, {@code first}, {@code before} or {@code after}; anything else is a 400. */
    @JsonCreator
    public static Placement fromWireName(String name) {
        for (Placement p : values()) {
            if (p.wireName().equals(name)) {
                return p;
            }
        }
        throw new DocumentException(400, "Unknown placement '" + name + "': use first, before, after or append.");
    }
}

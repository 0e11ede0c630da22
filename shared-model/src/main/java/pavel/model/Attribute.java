package pavel.model;

import java.util.Objects;

/** One attribute of an element: a lowercase name and its value (never null; an empty value is {@code ""}). */
public record Attribute(String name, String value) {
    public Attribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}

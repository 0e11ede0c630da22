package pavel.path;

import java.util.Objects;

/** What a path selects inside the element its steps select: an attribute ({@code /@class}) or text ({@code /text()}). */
public sealed interface Leaf {

    /** {@code /@name}. */
    record AttributeLeaf(String name) implements Leaf {
        public AttributeLeaf {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return "@" + name;
        }
    }

    /** {@code /text()}. */
    record TextLeaf() implements Leaf {
        @Override
        public String toString() {
            return "text()";
        }
    }
}

package pavel.path;

import java.util.Objects;

/** A step's filter: {@code [2]}, {@code [last()]} or {@code [@name='value']}. */
public sealed interface Predicate {

    /** {@code [n]}: the n-th (from 1) of the candidates so far. */
    record Position(int position) implements Predicate {
        public Position {
            if (position < 1) {
                throw new IllegalArgumentException("Position (" + position + ") must be at least 1.");
            }
        }

        @Override
        public String toString() {
            return "[" + position + "]";
        }
    }

    /** {@code [last()]}: the last of the candidates so far. */
    record Last() implements Predicate {
        @Override
        public String toString() {
            return "[last()]";
        }
    }

    /** {@code [@name='value']}: candidates with that attribute value. */
    record AttributeEquals(String name, String value) implements Predicate {
        public AttributeEquals {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (value.indexOf('\'') >= 0 && value.indexOf('"') >= 0) {
                throw new IllegalArgumentException("A node path cannot quote a value with both ' and \": " + value);
            }
        }

        @Override
        public String toString() {
            char quote = value.indexOf('\'') >= 0 ? '"' : '\'';
            // Paths are read percent-decoded, so a literal % must stay escaped to read back the same.
            return "[@" + name + "=" + quote + value.replace("%", "%25") + quote + "]";
        }
    }
}

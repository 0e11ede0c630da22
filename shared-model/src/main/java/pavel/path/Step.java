package pavel.path;

import java.util.List;
import java.util.Objects;

/**
 * One step of a node path: {@code /name[predicates]} on the child axis, or {@code //name[predicates]} for
 * children of the context and all its descendants. {@code name} is an element name or {@code *}.
 */
public record Step(boolean descendant, String name, List<Predicate> predicates) {
    public Step {
        Objects.requireNonNull(name, "name");
        predicates = List.copyOf(predicates);
    }

    /** True when the name test matches any element. */
    public boolean anyName() {
        return name.equals("*");
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(descendant ? "//" : "/").append(name);
        predicates.forEach(out::append);
        return out.toString();
    }
}

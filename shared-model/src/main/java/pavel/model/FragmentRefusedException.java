package pavel.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An HTML fragment that may not enter a document (422). Lists every refused element or attribute; nothing in a
 * fragment is ever dropped silently.
 */
public final class FragmentRefusedException extends DocumentException {
    private final List<Refusal> refusals;

    public FragmentRefusedException(List<Refusal> refusals) {
        super(422, message(refusals));
        this.refusals = List.copyOf(refusals);
    }

    /** Every refusal, in document order; never empty. */
    public List<Refusal> refusals() {
        return refusals;
    }

    private static String message(List<Refusal> refusals) {
        if (refusals.isEmpty()) {
            throw new IllegalArgumentException("A refused fragment needs at least one refusal.");
        }
        return "The fragment was refused: " + refusals.stream().map(Refusal::toString).collect(Collectors.joining("; "))
                + ".";
    }
}

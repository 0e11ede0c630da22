package pavel.model;

import java.util.Objects;

/**
 * One thing the sanitizer or the placement check refused: what ({@code <script>}, {@code onclick on <div>}) and why.
 */
public record Refusal(String what, String why) {
    public Refusal {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(why, "why");
    }

    @Override
    public String toString() {
        return what + ": " + why;
    }
}

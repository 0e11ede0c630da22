package pavel.model;

import java.util.Objects;

/** A text node. Its text is immutable; a document changes text by replacing nodes. */
public final class Text extends Node {
    private final String text;

    public Text(String text) {
        this.text = Objects.requireNonNull(text, "text");
        this.hash = DocumentHash.text(text);
    }

    /** The text, unescaped. */
    public String text() {
        return text;
    }

    @Override
    public boolean contentEquals(Node other) {
        return other instanceof Text t && t.text.equals(text);
    }

    @Override
    public Text copy() {
        return new Text(text);
    }

    @Override
    int size() {
        return 1;
    }

    @Override
    int height() {
        return 0;
    }
}

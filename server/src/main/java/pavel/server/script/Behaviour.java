package pavel.server.script;

import java.util.List;
import org.graalvm.polyglot.Source;

/**
 * A compiled behaviour: its source, parsed once and shared by the contexts of every object that runs it, and the
 * shapes its top level registered with {@code on(...)}, in order. Made by {@link ScriptEngine#compile}; immutable and
 * thread-safe. Objects are compared by identity: running an object with another {@code Behaviour} gives it a fresh
 * context.
 */
public final class Behaviour {
    private final String name;
    private final String text;
    private final Source source;
    private final List<String> shapes;

    Behaviour(String name, String text, Source source, List<String> shapes) {
        this.name = name;
        this.text = text;
        this.source = source;
        this.shapes = List.copyOf(shapes);
    }

    /** The source name used in stack traces ({@code counter.js}). */
    public String name() {
        return name;
    }

    /** The JavaScript source text. */
    public String text() {
        return text;
    }

    /** The shapes of the registered handlers in registration order, written as JavaScript ({@code {type: "inc"}}). */
    public List<String> shapes() {
        return shapes;
    }

    Source source() {
        return source;
    }

    @Override
    public String toString() {
        return "Behaviour[" + name + ", " + shapes.size() + " handlers]";
    }
}

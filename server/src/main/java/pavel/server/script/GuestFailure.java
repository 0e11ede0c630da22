package pavel.server.script;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link PolyglotException} from guest code: the sentence to show, the JavaScript stack, the position in
 * the behaviour, and whether the context survived it.
 */
final class GuestFailure {
    private GuestFailure() {
    }

    /**
     * The sentence for a failure.
     *
     * @param budgetSpent the watchdog's sentence when it stopped the code, else {@code null}
     */
    static String message(PolyglotException e, @Nullable String budgetSpent, long statementLimit, String what) {
        if (budgetSpent != null) {
            return budgetSpent;
        }
        String raw = e.getMessage();
        if (e.isResourceExhausted() && raw != null && raw.startsWith("Statement count limit")) {
            return what + " reached the statement limit of " + statementLimit + " statements.";
        }
        if (e.isResourceExhausted()) {
            return what + " ran out of resources: " + raw;
        }
        if (e.isCancelled() || e.isInterrupted()) {
            return what + " was stopped.";
        }
        if (e.isInternalError() || e.isHostException()) {
            return what + " hit an internal error: " + raw;
        }
        return raw == null || raw.isBlank() ? what + " threw." : raw;
    }

    /** Whether the context must be dropped after this failure (it was cancelled, or something beyond JS broke). */
    static boolean breaksContext(PolyglotException e) {
        return !e.isGuestException() || e.isCancelled() || e.isInterrupted() || e.isResourceExhausted()
                || e.isExit() || e.isInternalError();
    }

    /** The guest frames, one {@code at function (source:line:column)} a line, without the prelude's. */
    static String stack(PolyglotException e) {
        StringBuilder out = new StringBuilder();
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (!frame.isGuestFrame()) {
                continue;
            }
            SourceSection at = frame.getSourceLocation();
            if (at == null || Prelude.NAME.equals(at.getSource().getName())) {
                continue;
            }
            String function = frame.getRootName();
            if (function == null || function.isEmpty() || function.equals(":program")) {
                function = "<top level>";
            } else if (function.startsWith(":")) {
                function = "<anonymous>"; // GraalJS names arrow functions ":=>"
            }
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append("at ").append(function).append(" (").append(at.getSource().getName()).append(':')
                    .append(at.getStartLine()).append(':').append(at.getStartColumn()).append(')');
        }
        return out.toString();
    }

    /** The first position in the named source: where the exception was thrown, or the innermost frame there. */
    static @Nullable SourceSection position(PolyglotException e, String sourceName) {
        SourceSection at = e.getSourceLocation();
        if (at != null && sourceName.equals(at.getSource().getName())) {
            return at;
        }
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            SourceSection section = frame.getSourceLocation();
            if (frame.isGuestFrame() && section != null && sourceName.equals(section.getSource().getName())) {
                return section;
            }
        }
        return null;
    }
}

package pavel.server.script;

import java.util.List;
import java.util.Objects;

/**
 * What evaluating one input in a {@link Repl} came to: a result, a failure, or input that is not finished yet.
 *
 * <pre>{@code
 * switch (repl.eval("let x = 2; x * 21")) {
 *     case Evaluation.Done done -> print(done.result());                    // 42
 *     case Evaluation.Failed failed -> print(failed.text());                // Uncaught ReferenceError: …
 *     case Evaluation.Incomplete more -> askForTheNextLine();
 * }
 * }</pre>
 */
public sealed interface Evaluation {

    /** The lines the input wrote with {@code log(...)}, in order; maybe empty, never null. */
    List<String> logs();

    /** How a REPL shows this outcome: the result, or the error with its position. */
    String text();

    /**
     * The input ran to its end.
     *
     * @param result the value of its last expression as a JavaScript REPL shows it, Node's way: strings quoted
     *     ({@code 'abc'}), objects and arrays as JSON, {@code undefined}, {@code [Function: f]}, {@code 10n}
     */
    record Done(String result, List<String> logs) implements Evaluation {
        public Done {
            Objects.requireNonNull(result, "result");
            logs = List.copyOf(logs);
        }

        @Override
        public String text() {
            return result;
        }
    }

    /**
     * The input did not parse, threw, or was stopped by a budget. What it did to the world before that stays done.
     *
     * @param failure which of the three
     * @param message the sentence: {@code "SyntaxError: Expected an operand but found ="}, {@code "TypeError: …"},
     *     or the budget that was spent
     * @param line the 1-based line in the input where it went wrong, {@code 0} when unknown
     * @param column the 1-based column, {@code 0} when unknown
     * @param stack the JavaScript frames, one {@code at function (repl3:line:column)} a line; may be empty
     */
    record Failed(Failure failure, String message, int line, int column, String stack, List<String> logs)
            implements Evaluation {
        public Failed {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(stack, "stack");
            logs = List.copyOf(logs);
        }

        /** {@code Uncaught TypeError: boom (line 1, column 7)}; a spent budget without {@code Uncaught}. */
        @Override
        public String text() {
            String prefix = failure == Failure.STOPPED ? "" : "Uncaught ";
            return prefix + message + (line > 0 ? " (line " + line + ", column " + column + ")" : "");
        }
    }

    /**
     * The input ends before its statement does (<code>function f() &#123;</code>): nothing ran. A line REPL asks for more and
     * evaluates the lines together; elsewhere it is a syntax error like any other.
     */
    record Incomplete(String message, int line, int column) implements Evaluation {
        public Incomplete {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public List<String> logs() {
            return List.of();
        }

        @Override
        public String text() {
            return "Uncaught " + message + " (line " + line + ", column " + column + ")";
        }
    }

    /** Why an input {@link Failed}. */
    enum Failure {
        /** It does not parse; nothing ran. */
        SYNTAX_ERROR,
        /** It threw (or something it called did). */
        THROWN,
        /** It spent its time, statement or allocation budget and was stopped. */
        STOPPED
    }
}

package pavel.server.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JavaScript read-eval-print loop on the world: one context of the shared engine, sandboxed like an object's,
 * that keeps its declarations from one input to the next ({@code let x = 2}, then {@code x * 21}) and has
 * {@code world} and {@code log} in scope. Made by {@link ScriptEngine#openRepl}.
 *
 * <pre>{@code
 * try (Repl repl = scripts.openRepl(host)) {
 *     repl.eval("let x = 2");          // Done[result=undefined]
 *     repl.eval("x * 21");             // Done[result=42]
 *     repl.eval("world.objects()");    // Done[result=["counter"]]
 * }
 * }</pre>
 *
 * <p>Each input runs under the budgets of a handler (time, statements, allocation; see {@link ScriptConfig}) and
 * never throws for anything it does: a syntax error, an exception or a spent budget is an
 * {@link Evaluation.Failed}. A budget that interrupts the input leaves the context as it was; one that cancels it
 * (the statement limit does) costs the declarations, and the failure says so. Input runs in strict mode.
 *
 * <p>Thread-safe: inputs are evaluated one at a time. Run them on platform threads, where the allocation budget
 * can be measured.
 */
public final class Repl implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Repl.class);
    /** The longest result shown; longer ones are cut and marked. */
    static final int MAX_RESULT_CHARS = 64 * 1024;
    private static final String WHAT = "The input";
    private static final String RESET = " The console started afresh: earlier declarations are gone.";
    /** GraalJS writes syntax errors as {@code SyntaxError: repl3:1:4 Expected … \n<line>\n   ^}. */
    private static final Pattern POSITION = Pattern.compile("^repl\\d+:\\d+:\\d+ ");

    private final ScriptEngine engine;
    private final ConsoleHost host;
    private final ReentrantLock lock = new ReentrantLock();
    private Opened opened;
    private int inputs;
    private boolean closed;

    Repl(ScriptEngine engine, ConsoleHost host) {
        this.engine = engine;
        this.host = host;
        this.opened = open(engine);
    }

    /** The context and what the prelude gave back; replaced when a budget cancels the context. */
    private record Opened(Context context, HostBridge bridge, Value show) {
    }

    private static Opened open(ScriptEngine engine) {
        Context context = engine.newContext();
        try {
            HostBridge bridge = new HostBridge(engine.config().logLinesPerMessage());
            Value control = Prelude.installConsole(context, bridge, engine.config().logLineLength());
            return new Opened(context, bridge, control.getMember("show"));
        } catch (RuntimeException e) {
            ObjectContext.closeQuietly(context);
            throw e;
        }
    }

    /**
     * Evaluates one input: a script whose last expression is the result, in the scope of the inputs before it.
     *
     * @throws IllegalStateException if the REPL was closed, or its engine (the server is stopping)
     */
    public Evaluation eval(String input) {
        Objects.requireNonNull(input, "input");
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("This REPL is closed.");
            }
            return evalLocked(input);
        } finally {
            lock.unlock();
        }
    }

    private Evaluation evalLocked(String input) {
        // Each input its own source name, so that a stack names the input a function came from.
        String name = "repl" + (++inputs);
        Source source = Source.newBuilder("js", input, name).cached(false).buildLiteral();
        Opened current = opened;
        if (engine.config().statementLimit() > 0) {
            current.context().resetLimits();
        }
        List<String> logs = new ArrayList<>();
        current.bridge().begin(host, logs);
        Watchdog.Watch watch = engine.watchdog().start(current.context(), WHAT);
        String shown;
        try {
            Value result = current.context().eval(source);
            shown = current.show().execute(result, MAX_RESULT_CHARS).asString();
        } catch (PolyglotException e) {
            String spent = engine.watchdog().stop(watch);
            return failed(e, spent, name, logs);
        } catch (RuntimeException e) {
            engine.watchdog().stop(watch);
            LOG.error("Evaluating console input failed", e);
            restart();
            return new Evaluation.Failed(Evaluation.Failure.THROWN, "The console failed: " + e + "." + RESET, 0, 0,
                    "", logs);
        } finally {
            current.bridge().end();
        }
        // A result that came in just as the budget ran out still counts; stop() has waited for the interrupt.
        engine.watchdog().stop(watch);
        return new Evaluation.Done(shown, logs);
    }

    private Evaluation failed(PolyglotException e, @Nullable String spent, String name, List<String> logs) {
        if (e.isSyntaxError()) {
            SourceSection at = e.getSourceLocation();
            int line = at == null ? 0 : at.getStartLine();
            int column = at == null ? 0 : at.getStartColumn();
            String message = syntaxMessage(e.getMessage());
            return e.isIncompleteSource()
                    ? new Evaluation.Incomplete(message, line, column)
                    : new Evaluation.Failed(Evaluation.Failure.SYNTAX_ERROR, message, line, column, "", logs);
        }
        String message = GuestFailure.message(e, spent, engine.config().statementLimit(), WHAT);
        boolean stopped = spent != null || e.isInterrupted() || e.isCancelled() || e.isResourceExhausted();
        if (losesContext(e)) {
            restart();
            message += RESET;
        }
        SourceSection at = GuestFailure.position(e, name);
        return new Evaluation.Failed(stopped ? Evaluation.Failure.STOPPED : Evaluation.Failure.THROWN, message,
                at == null ? 0 : at.getStartLine(), at == null ? 0 : at.getStartColumn(), GuestFailure.stack(e),
                logs);
    }

    /**
     * Whether the context cannot run another input. An interrupt (the watchdog's time and allocation budgets)
     * leaves it usable; a cancel (the statement limit, or an interrupt that did not take) closes it.
     */
    private static boolean losesContext(PolyglotException e) {
        return e.isCancelled() || e.isResourceExhausted() || e.isExit() || e.isInternalError()
                || !e.isGuestException() && !e.isInterrupted();
    }

    private void restart() {
        ObjectContext.closeQuietly(opened.context());
        opened = open(engine);
    }

    /** {@code SyntaxError: Expected an operand but found =}: the first line, without GraalJS's position. */
    static String syntaxMessage(@Nullable String raw) {
        String message = raw == null || raw.isBlank() ? "SyntaxError: the input does not parse" : raw;
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        String prefix = "SyntaxError: ";
        String rest = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        return prefix + POSITION.matcher(rest).replaceFirst("").strip();
    }

    /** Closes the context; waits for an input that is running. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                ObjectContext.closeQuietly(opened.context());
            }
        } finally {
            lock.unlock();
        }
    }
}

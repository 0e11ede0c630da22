package pavel.server.console;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import pavel.server.script.ConsoleHost;
import pavel.server.script.Evaluation;
import pavel.server.script.Repl;
import pavel.server.script.ScriptEngine;

/**
 * The world's JavaScript console: opens {@link Repl}s on the world, evaluates input in them, and tells everyone
 * watching what was run and what it came to: each input, its {@code log(...)} lines and its result or error go to
 * the {@link ConsoleHost#log} of the world (reverse {@code POST /console} to the sessions, like objects' log lines).
 *
 * <pre>{@code
 * Console console = new Console(scripts, new ConsoleWorld(objects, json));
 * try (Repl repl = console.open()) {
 *     console.evaluate(repl, "let x = 2");
 *     console.evaluate(repl, "x * 21");              // Done[result=42]
 * }
 * console.evaluateOnce("world.objects()");           // in a fresh REPL, on the console's own threads
 * }</pre>
 *
 * <p>Thread-safe. {@link #evaluateOnce} runs on a few platform threads of its own, because the allocation budget is
 * measured only on platform threads; {@link #evaluate} runs on the caller's, which should be one too.
 */
public final class Console implements AutoCloseable {
    /** Evaluations of {@link #evaluateOnce} that run at once. */
    static final int EVALUATORS = 2;
    /** Evaluations of {@link #evaluateOnce} that may wait for a thread; more are refused. */
    static final int WAITING = 16;
    /** The longest {@link #evaluateOnce} waits: budgets of the ones before it in the queue, and its own. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final ScriptEngine scripts;
    private final ConsoleHost world;
    private final ThreadPoolExecutor evaluators;

    public Console(ScriptEngine scripts, ConsoleHost world) {
        this.scripts = Objects.requireNonNull(scripts, "scripts");
        this.world = Objects.requireNonNull(world, "world");
        this.evaluators = new ThreadPoolExecutor(EVALUATORS, EVALUATORS, 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(WAITING),
                Thread.ofPlatform().name("pavel-console-eval-", 0).daemon(true).factory());
        evaluators.allowCoreThreadTimeOut(true); // the console is seldom used: no threads kept for it meanwhile
    }

    /** A fresh REPL on the world; the caller closes it. */
    public Repl open() {
        return scripts.openRepl(world);
    }

    /**
     * Evaluates one input in a REPL and shows the input and its outcome to the people watching. An
     * {@link Evaluation.Incomplete} input is not shown: it is once its last line has come and it runs.
     */
    public Evaluation evaluate(Repl repl, String input) {
        Evaluation outcome = repl.eval(input);
        if (!(outcome instanceof Evaluation.Incomplete)) {
            world.log("> " + input);
            outcome.logs().forEach(world::log);
            world.log(outcome.text());
        }
        return outcome;
    }

    /**
     * Evaluates a source in a fresh REPL, closed afterwards, on one of the console's own threads; shows it like
     * {@link #evaluate}.
     *
     * @throws RejectedExecutionException when too many evaluations are waiting already, or this one waited too long
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public Evaluation evaluateOnce(String source) throws InterruptedException {
        Objects.requireNonNull(source, "source");
        Future<Evaluation> outcome = evaluators.submit(() -> {
            try (Repl repl = open()) {
                return evaluate(repl, source);
            }
        });
        try {
            return outcome.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            outcome.cancel(false); // not started yet: it never will; started: its budget ends it
            throw new RejectedExecutionException("The evaluation waited longer than " + MAX_WAIT.toSeconds() + " s.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("Evaluating console input failed", e.getCause());
        }
    }

    /** Takes no more {@link #evaluateOnce}; evaluations already taken finish, within their budgets. */
    @Override
    public void close() {
        evaluators.shutdown();
    }
}

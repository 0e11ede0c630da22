package pavel.server.script;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaScript runtime of object behaviours: one shared GraalJS {@link Engine} (so that parsed and compiled code is
 * shared by every object's context), the watchdog that holds guest code to its budgets, and the objects' contexts.
 *
 * <pre>{@code
 * try (ScriptEngine scripts = new ScriptEngine(ScriptConfig.DEFAULTS)) {
 *     Behaviour counter = scripts.compile("counter.js", """
 *             on({type: "inc"}, (msg, self) => { self.state.count = (self.state.count ?? 0) + 1; });
 *             """);
 *     HandlerRun run = scripts.contexts().run(counter, "counter", "{}", "{\"type\":\"inc\"}", host);
 * }
 * }</pre>
 *
 * <p>Every context runs under {@link SandboxPolicy#CONSTRAINED} with no host access (no host objects, no host class
 * lookup, so no {@code Java} or {@code Packages}), no I/O, threads, native access, processes, environment or polyglot access, in strict mode, without
 * {@code load}, {@code print} and {@code console}; the world is reachable only through the {@link Host} callbacks.
 * With the Graal compiler on the JVM's upgrade module path ({@code -XX:+EnableJVMCI}) hot code is compiled;
 * otherwise Truffle falls back to its interpreter, and the constructor says so in the log.
 *
 * <p>Thread-safe.
 */
public final class ScriptEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptEngine.class);
    /** The name {@link Engine#getImplementationName()} has when Truffle runs without a compiler. */
    static final String FALLBACK_RUNTIME = "Interpreted";

    private final ScriptConfig config;
    private final Engine engine;
    private final @Nullable ResourceLimits limits;
    private final Watchdog watchdog;
    private final ScheduledExecutorService sweeper;
    private final ObjectScripts contexts;

    public ScriptEngine(ScriptConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        Engine.Builder builder = Engine.newBuilder("js")
                .sandbox(policy())
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .logHandler(new Slf4jHandler())
                .option("engine.WarnInterpreterOnly", "false");
        if (!config.runtimeCompilation()) {
            builder.allowExperimentalOptions(true).option("engine.Compilation", "false");
        }
        this.engine = builder.build();
        this.limits = config.statementLimit() > 0
                ? ResourceLimits.newBuilder().statementLimit(config.statementLimit(), null).build()
                : null;
        this.watchdog = new Watchdog(config);
        this.contexts = new ObjectScripts(this);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("pavel-script-sweeper").daemon().factory());
        long period = Math.clamp(config.contextIdleTimeout().toMillis() / 2, 50, 30_000);
        sweeper.scheduleWithFixedDelay(contexts::sweep, period, period, TimeUnit.MILLISECONDS);
        logRuntime();
    }

    private void logRuntime() {
        if (compiles()) {
            LOG.info("Behaviours run on GraalJS with the {} Truffle runtime: hot code is compiled.", runtimeName());
        } else if (!config.runtimeCompilation()) {
            LOG.info("Behaviours run on GraalJS with the {} Truffle runtime, compilation turned off.", runtimeName());
        } else {
            LOG.warn("Behaviours run on GraalJS with the fallback Truffle runtime ({}): JavaScript is only "
                    + "interpreted, many times slower. Run the JVM with -XX:+UnlockExperimentalVMOptions "
                    + "-XX:+EnableJVMCI --upgrade-module-path=server/target/lib/upgrade (./pavel serve does).",
                    runtimeName());
        }
    }

    public ScriptConfig config() {
        return config;
    }

    /**
     * The Truffle runtime in use, as the engine names it: the Graal compiler's ({@code "GraalVM CE"} on a stock JDK
     * with the compiler on the upgrade module path) or the fallback {@code "Interpreted"}.
     */
    public String runtimeName() {
        return engine.getImplementationName();
    }

    /** Whether hot JavaScript is compiled to machine code: an optimizing runtime, with compilation on. */
    public boolean compiles() {
        return config.runtimeCompilation() && !FALLBACK_RUNTIME.equals(runtimeName());
    }

    /** {@link #compile(String, String)} with the source name {@code behaviour.js}. */
    public Behaviour compile(String source) {
        return compile("behaviour.js", source);
    }

    /**
     * Parses a behaviour and runs its top level in a throwaway context, to check it and collect the shapes it
     * registers with {@code on(...)}. The top level runs again in each object's context, so it should only define
     * handlers and helpers.
     *
     * @param name the source name in stack traces and positions ({@code counter.js})
     * @throws BehaviourException for a syntax error, or a top level that throws or spends a budget, with the line
     *     and column where known
     */
    public Behaviour compile(String name, String source) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Source parsed = Source.newBuilder("js", source, name).cached(true).buildLiteral();
        Context context = newContext();
        try {
            Value control = Prelude.install(context, new HostBridge(0), config.logLineLength());
            ObjectContext.TopLevelFailure failure = ObjectContext.runTopLevel(this, context, parsed);
            if (failure != null) {
                SourceSection at = failure.position();
                String message = failure.message();
                if (at != null) {
                    message = stripPosition(message, name);
                }
                throw new BehaviourException(message, at == null ? 0 : at.getStartLine(),
                        at == null ? 0 : at.getStartColumn());
            }
            control.invokeMember("endTopLevel");
            Value shapes = control.invokeMember("shapes");
            List<String> described = new ArrayList<>((int) shapes.getArraySize());
            for (long i = 0; i < shapes.getArraySize(); i++) {
                described.add(shapes.getArrayElement(i).asString());
            }
            return new Behaviour(name, source, parsed, described);
        } finally {
            ObjectContext.closeQuietly(context);
        }
    }

    /** GraalJS starts syntax errors with {@code name:line:column }; the exception carries those apart. */
    private static String stripPosition(String message, String name) {
        if (message.startsWith(name + ":")) {
            int space = message.indexOf(' ');
            if (space > 0) {
                return message.substring(space + 1);
            }
        }
        return message;
    }

    /**
     * A REPL on the world: a context of this engine with {@code world} (reaching {@code host}) and {@code log} in
     * scope, which keeps its declarations from one input to the next. The caller closes it.
     */
    public Repl openRepl(ConsoleHost host) {
        return new Repl(this, Objects.requireNonNull(host, "host"));
    }

    /** The objects' contexts of this engine. */
    public ObjectScripts contexts() {
        return contexts;
    }

    /** Closes every context, stops the watchdog and closes the engine. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        contexts.close();
        watchdog.close();
        engine.close();
    }

    Watchdog watchdog() {
        return watchdog;
    }

    void sweepSoon() {
        sweeper.execute(contexts::sweep);
    }

    /**
     * {@link SandboxPolicy#CONSTRAINED}, which refuses the option that turns compilation off: without compilation
     * (benchmarks only) the policy is {@code TRUSTED}, with the same restrictions set one by one but not validated.
     */
    private SandboxPolicy policy() {
        return config.runtimeCompilation() ? SandboxPolicy.CONSTRAINED : SandboxPolicy.TRUSTED;
    }

    /** A sandboxed context on the shared engine. */
    Context newContext() {
        Context.Builder builder = Context.newBuilder("js")
                .engine(engine)
                .sandbox(policy())
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .in(InputStream.nullInputStream())
                .allowHostAccess(HostAccess.CONSTRAINED)
                .allowValueSharing(false)
                .timeZone(ZoneOffset.UTC)
                .option("js.strict", "true")
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.console", "false");
        if (limits != null) {
            builder.resourceLimits(limits);
        }
        return builder.build();
    }

    /** Truffle's own log lines (compilation failures and the like) go to SLF4J. */
    private static final class Slf4jHandler extends Handler {
        private static final Logger TRUFFLE = LoggerFactory.getLogger("pavel.server.script.truffle");

        @Override
        public void publish(LogRecord record) {
            String message = record.getLoggerName() + ": " + record.getMessage();
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                TRUFFLE.warn(message, record.getThrown());
            } else {
                TRUFFLE.debug(message, record.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}

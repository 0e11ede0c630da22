package pavel.server.script;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One object's context: the prelude and one behaviour's top level, evaluated once, then one message at a time.
 * Holds no object state between messages (the state comes in and goes out as JSON), so it can be dropped and
 * rebuilt at any moment. Not thread-safe: its {@link ObjectScripts} slot lock guards it.
 */
final class ObjectContext {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectContext.class);
    private static final String HANDLER = "The handler";
    private static final String TOP_LEVEL = "The behaviour's top level";

    private final ScriptEngine engine;
    private final Behaviour behaviour;
    private final Context context;
    private final HostBridge bridge;
    private final Value dispatch;
    private boolean broken;

    private ObjectContext(ScriptEngine engine, Behaviour behaviour, Context context, HostBridge bridge, Value dispatch) {
        this.engine = engine;
        this.behaviour = behaviour;
        this.context = context;
        this.bridge = bridge;
        this.dispatch = dispatch;
    }

    /** A fresh context for one object, or why the behaviour's top level failed in it. */
    record Opened(@Nullable ObjectContext context, HandlerRun.@Nullable Failed failure) {
    }

    /** What went wrong in a behaviour's top level, and where. */
    record TopLevelFailure(String message, String stack, @Nullable SourceSection position) {
        HandlerRun.Failed asRun() {
            return new HandlerRun.Failed(message, stack);
        }
    }

    /** Opens a context that has run {@code behaviour}'s top level; on failure the context is closed. */
    static Opened open(ScriptEngine engine, Behaviour behaviour) {
        Context context = engine.newContext();
        HostBridge bridge = new HostBridge(engine.config().logLinesPerMessage());
        try {
            Value control = Prelude.install(context, bridge, engine.config().logLineLength());
            TopLevelFailure failure = runTopLevel(engine, context, behaviour.source());
            if (failure != null) {
                closeQuietly(context);
                return new Opened(null, failure.asRun());
            }
            control.invokeMember("endTopLevel");
            return new Opened(new ObjectContext(engine, behaviour, context, bridge, control.getMember("dispatch")),
                    null);
        } catch (RuntimeException e) {
            closeQuietly(context);
            throw e;
        }
    }

    /**
     * Evaluates a behaviour's top level under watch; answers {@code null} when it ran within its budgets. After a
     * failure the context must be closed.
     */
    static @Nullable TopLevelFailure runTopLevel(ScriptEngine engine, Context context, Source source) {
        Watchdog.Watch watch = engine.watchdog().start(context, TOP_LEVEL);
        try {
            context.eval(source);
        } catch (PolyglotException e) {
            String spent = engine.watchdog().stop(watch);
            return new TopLevelFailure(GuestFailure.message(e, spent, engine.config().statementLimit(), TOP_LEVEL),
                    GuestFailure.stack(e), GuestFailure.position(e, source.getName()));
        }
        String spent = engine.watchdog().stop(watch);
        // It finished just as its budget ran out: the interrupt may still be pending in this context.
        return spent == null ? null : new TopLevelFailure(spent, "", null);
    }

    Behaviour behaviour() {
        return behaviour;
    }

    /** Whether this context must not run another message (a budget stopped it, or it was cancelled). */
    boolean broken() {
        return broken;
    }

    HandlerRun handle(String object, String stateJson, String messageJson, Host host) {
        ScriptConfig config = engine.config();
        if (config.statementLimit() > 0) {
            context.resetLimits();
        }
        bridge.begin(host);
        Watchdog.Watch watch = engine.watchdog().start(context, HANDLER);
        Value result;
        try {
            result = dispatch.execute(object, stateJson, messageJson);
        } catch (PolyglotException e) {
            String spent = engine.watchdog().stop(watch);
            broken = spent != null || GuestFailure.breaksContext(e);
            return new HandlerRun.Failed(GuestFailure.message(e, spent, config.statementLimit(), HANDLER),
                    GuestFailure.stack(e));
        } finally {
            bridge.end();
        }
        if (engine.watchdog().stop(watch) != null) {
            broken = true; // it finished at its deadline: keep the result, drop the context the interrupt hit
        }
        if (result.isNull()) {
            return HandlerRun.NO_MATCH;
        }
        Value reply = result.getArrayElement(1);
        return new HandlerRun.Done(result.getArrayElement(0).asString(), reply.isNull() ? null : reply.asString());
    }

    void close() {
        closeQuietly(context);
    }

    static void closeQuietly(@Nullable Context context) {
        if (context == null) {
            return;
        }
        try {
            context.close();
        } catch (PolyglotException e) {
            if (!e.isCancelled()) {
                LOG.debug("Closing a script context failed", e);
            }
        } catch (IllegalStateException e) {
            LOG.debug("Closing a script context failed", e);
        }
    }
}

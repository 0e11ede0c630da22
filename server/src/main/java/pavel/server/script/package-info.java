/**
 * The sandboxed GraalJS runtime for object behaviours.
 *
 * <p>{@link pavel.server.script.ScriptEngine} owns the one shared polyglot {@code Engine} and compiles behaviour
 * sources into {@link pavel.server.script.Behaviour}s; {@link pavel.server.script.ObjectScripts} keeps one
 * context per object and runs one message at a time in it, answering a {@link pavel.server.script.HandlerRun}.
 * Messages and state cross the boundary as JSON text only; the only host access inside a context is the
 * {@link pavel.server.script.Host} callbacks behind {@code self}, {@code world} and {@code log}. A watchdog holds
 * every run to its time and allocation budget. A {@link pavel.server.script.Repl} is the console's context: the same
 * sandbox and budgets, with declarations kept between inputs and a {@code world} that also inspects and changes
 * objects through a {@link pavel.server.script.ConsoleHost}.
 */
@NullMarked
package pavel.server.script;

import org.jspecify.annotations.NullMarked;

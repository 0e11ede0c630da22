package pavel.server.script;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.jspecify.annotations.Nullable;

/**
 * The one host function a context can call: the prelude's {@code host(op, a, b, c)}, which forwards to the
 * {@link Host} of the message being run. Answers {@code [true, result]} or {@code [false, message]}, which the
 * prelude turns into a value or a JavaScript {@code Error}; nothing Java-side ever reaches the guest.
 *
 * <p>The console's operations ({@code objects}, {@code object}, {@code put}) answer only for a {@link ConsoleHost}.
 *
 * <p>Owned by one context, and so used by one thread at a time (the one running that object's message or that
 * console input).
 */
final class HostBridge implements ProxyExecutable {
    private final int maxLogLines;
    private @Nullable Host host;
    private @Nullable List<String> logInto;
    private int logLines;

    HostBridge(int maxLogLines) {
        this.maxLogLines = maxLogLines;
    }

    /** Lets the code that runs next reach {@code runHost}; its {@code log(...)} lines go to the host. */
    void begin(Host runHost) {
        begin(runHost, null);
    }

    /**
     * Lets the code that runs next reach {@code runHost}.
     *
     * @param logTo where its {@code log(...)} lines go instead of the host, or {@code null} for the host
     */
    void begin(Host runHost, @Nullable List<String> logTo) {
        host = runHost;
        logInto = logTo;
        logLines = 0;
    }

    void end() {
        host = null;
        logInto = null;
    }

    @Override
    public Object execute(Value... args) {
        Host h = host;
        if (h == null) {
            return failed("The world is not reachable outside a handler.");
        }
        try {
            String op = args[0].asString();
            return switch (op) {
                case "send" -> {
                    h.send(args[1].asString(), args[2].asString());
                    yield ok(null);
                }
                case "after" -> {
                    h.after((long) args[1].asDouble(), args[2].asString());
                    yield ok(null);
                }
                case "log" -> {
                    if (++logLines > maxLogLines) {
                        yield failed("log() wrote more than " + maxLogLines + " lines in one message.");
                    }
                    List<String> into = logInto;
                    if (into != null) {
                        into.add(args[1].asString());
                    } else {
                        h.log(args[1].asString());
                    }
                    yield ok(null);
                }
                case "docGet" -> ok(h.docGet(args[1].asString(), args[2].asString()));
                case "docPut" -> {
                    h.docPut(args[1].asString(), args[2].asString(), args[3].asString());
                    yield ok(null);
                }
                case "docAppend" -> {
                    h.docAppend(args[1].asString(), args[2].asString(), args[3].asString());
                    yield ok(null);
                }
                case "docRemove" -> {
                    h.docRemove(args[1].asString(), args[2].asString());
                    yield ok(null);
                }
                case "objects" -> h instanceof ConsoleHost console
                        ? ok(jsonArray(console.objectNames()))
                        : consoleOnly("world.objects()");
                case "object" -> h instanceof ConsoleHost console
                        ? ok(console.objectJson(args[1].asString()))
                        : consoleOnly("world.object()");
                case "put" -> h instanceof ConsoleHost console
                        ? ok(Boolean.toString(console.putObject(args[1].asString(), args[2].asString())))
                        : consoleOnly("world.put()");
                default -> failed("Unknown host operation '" + op + "'.");
            };
        } catch (RuntimeException e) {
            String message = e.getMessage();
            return failed(message == null || message.isBlank() ? e.getClass().getSimpleName() : message);
        }
    }

    private static ProxyArray consoleOnly(String what) {
        return failed(what + " is only available in the console.");
    }

    /** Names as a JSON array of strings: what crosses into the context is text, parsed there. */
    private static String jsonArray(List<String> names) {
        StringBuilder out = new StringBuilder("[");
        for (String name : names) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"');
            JsonStringEncoder.getInstance().quoteAsString(name, out);
            out.append('"');
        }
        return out.append(']').toString();
    }

    private static ProxyArray ok(@Nullable String value) {
        return ProxyArray.fromArray(Boolean.TRUE, value);
    }

    private static ProxyArray failed(String message) {
        return ProxyArray.fromArray(Boolean.FALSE, message);
    }
}

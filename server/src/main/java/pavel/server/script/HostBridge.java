package pavel.server.script;

import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.jspecify.annotations.Nullable;

/**
 * The one host function a context can call: the prelude's {@code host(op, a, b, c)}, which forwards to the
 * {@link Host} of the message being run. Answers {@code [true, result]} or {@code [false, message]}, which the
 * prelude turns into a value or a JavaScript {@code Error}; nothing Java-side ever reaches the guest.
 *
 * <p>Owned by one context, and so used by one thread at a time (the one running that object's message).
 */
final class HostBridge implements ProxyExecutable {
    private final int maxLogLines;
    private @Nullable Host host;
    private int logLines;

    HostBridge(int maxLogLines) {
        this.maxLogLines = maxLogLines;
    }

    void begin(Host runHost) {
        host = runHost;
        logLines = 0;
    }

    void end() {
        host = null;
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
                    h.log(args[1].asString());
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
                default -> failed("Unknown host operation '" + op + "'.");
            };
        } catch (RuntimeException e) {
            String message = e.getMessage();
            return failed(message == null || message.isBlank() ? e.getClass().getSimpleName() : message);
        }
    }

    private static ProxyArray ok(@Nullable String value) {
        return ProxyArray.fromArray(Boolean.TRUE, value);
    }

    private static ProxyArray failed(String message) {
        return ProxyArray.fromArray(Boolean.FALSE, message);
    }
}

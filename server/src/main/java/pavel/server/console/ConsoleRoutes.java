package pavel.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import pavel.server.http.HttpStatusException;
import pavel.server.http.Request;
import pavel.server.http.Response;
import pavel.server.http.Router;
import pavel.server.script.Evaluation;

/**
 * {@code POST /console/eval}: the console over HTTP, for admins (see {@link ConsoleAccess}).
 *
 * <p>The body is the JavaScript itself, UTF-8, as {@code text/plain} (or {@code text/javascript},
 * {@code application/javascript}, or without a {@code Content-Type}):
 *
 * <pre>
 * curl -H 'Content-Type: text/plain' --data-binary 'world.objects()' 127.0.0.1:8080/console/eval
 * </pre>
 *
 * <ul>
 *   <li>{@code 200} {@code {"result": "42", "logs": []}}: the value of the last expression as a REPL
 *       shows it (strings quoted, objects as JSON, {@code undefined}) and the {@code log(...)} lines;</li>
 *   <li>{@code 422} problem: a syntax error, an exception or a spent budget, with the sentence in {@code detail} and
 *       {@code line}, {@code column} (1-based, when known), {@code stack} (when there is one) and {@code logs};</li>
 *   <li>{@code 400} for an empty body or one that is not UTF-8, {@code 415} for another media type, {@code 403}
 *       for a request the access check refuses, {@code 503} (with {@code Retry-After}) when the console is busy.</li>
 * </ul>
 *
 * <p>Each request runs in a fresh REPL, closed afterwards: nothing declared in one request is there in the next.
 * Use the TCP console for a REPL that remembers. Each input and its outcome also go to the sessions' consoles.
 */
public final class ConsoleRoutes {
    private static final Set<String> JAVASCRIPT = Set.of("text/plain", "text/javascript", "application/javascript");

    private final Console console;
    private final ConsoleAccess access;
    private final ObjectMapper json;

    private ConsoleRoutes(Console console, ConsoleAccess access, ObjectMapper json) {
        this.console = console;
        this.access = access;
        this.json = json;
    }

    /** Registers {@code POST /console/eval}. */
    public static void register(Router.Builder routes, Console console, ConsoleAccess access, ObjectMapper json) {
        ConsoleRoutes api = new ConsoleRoutes(Objects.requireNonNull(console, "console"),
                Objects.requireNonNull(access, "access"), Objects.requireNonNull(json, "json"));
        routes.post("/console/eval", api::eval);
    }

    /** The answer to a successful evaluation. */
    private record Result(String result, List<String> logs) {}

    private Response eval(Request request) throws JsonProcessingException, InterruptedException {
        access.check(request);
        String source = source(request);
        Evaluation outcome;
        try {
            outcome = console.evaluateOnce(source);
        } catch (RejectedExecutionException e) {
            throw new HttpStatusException(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "The console is busy with other evaluations; try again in a moment.", Map.of(),
                    Map.of("retry-after", "1"));
        }
        return switch (outcome) {
            case Evaluation.Done done -> Response.json(HttpResponseStatus.OK,
                    json.writeValueAsBytes(new Result(done.result(), done.logs()))).withHeader("cache-control", "no-store");
            case Evaluation.Failed failed -> throw unprocessable(failed.message(), failed.line(), failed.column(),
                    failed.stack(), failed.logs());
            case Evaluation.Incomplete incomplete -> throw unprocessable(incomplete.message(), incomplete.line(),
                    incomplete.column(), "", List.of());
        };
    }

    private static HttpStatusException unprocessable(String message, int line, int column, String stack,
            List<String> logs) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (line > 0) {
            details.put("line", line);
            details.put("column", column);
        }
        if (!stack.isEmpty()) {
            details.put("stack", stack);
        }
        details.put("logs", logs);
        return new HttpStatusException(HttpResponseStatus.UNPROCESSABLE_ENTITY, message, details, Map.of());
    }

    /** The JavaScript in the body. */
    private static String source(Request request) {
        String contentType = request.header("Content-Type");
        if (contentType != null) {
            String[] parts = contentType.split(";");
            String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
            if (!JAVASCRIPT.contains(mediaType)) {
                throw new HttpStatusException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "POST /console/eval takes "
                        + "the JavaScript itself as text/plain, not " + mediaType + " (with curl: -H 'Content-Type: "
                        + "text/plain' --data-binary 'world.objects()').");
            }
            for (int i = 1; i < parts.length; i++) {
                String[] parameter = parts[i].split("=", 2);
                if (parameter.length == 2 && parameter[0].strip().equalsIgnoreCase("charset")) {
                    String charset = parameter[1].strip().replace("\"", "");
                    if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                        throw new HttpStatusException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                                "POST /console/eval takes UTF-8 only, not " + charset + ".");
                    }
                }
            }
        }
        String text = request.strictBodyText();
        if (text == null) {
            throw HttpStatusException.badRequest("The body is not valid UTF-8.");
        }
        if (text.isBlank()) {
            throw HttpStatusException.badRequest("The body is empty: send the JavaScript to evaluate, like "
                    + "world.objects().");
        }
        return text;
    }
}

package pavel.server.ptth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.ptth.PtthFormatException;
import pavel.ptth.PtthJson;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.http.Execution;
import pavel.server.http.HttpStatusException;
import pavel.server.http.Request;
import pavel.server.http.Response;
import pavel.server.http.Router;
import pavel.server.session.Flavour;
import pavel.server.session.Session;
import pavel.server.session.SessionRegistry;

/**
 * The HTTP side of PTTH sessions (PTTH.md §0, §2.3): {@code POST /ptth} without {@code Upgrade} opens (or, with
 * {@code Pavel-Session}, resumes) a long-poll session; {@code POST /ptth/q/{key}} is its queue, held for
 * {@link PtthConfig#hold()} without a thread (the session completes it); {@code GET /ptth} without an upgrade is
 * {@code 426}; {@code GET /sessions} lists the sessions. A poll is handled on its event loop, but one that resumes its
 * session (which may read the store) or carries a large body moves to a virtual thread first. Upgrades never reach
 * these handlers: {@link PtthUpgradeHandler} takes them first.
 *
 * <p>A poll whose {@code Accept} prefers {@code message/http} (§2.4, TV-9; see {@link MessageHttp#preferred}) is
 * answered in that variant: {@code 200} with one reversed request in wire form and {@code PTTH-Message-ID}, or
 * {@code 204} when the hold time runs out; a body of type {@code message/http; msgtype=response} with
 * {@code PTTH-Message-ID} is an answer in that form. The two forms mix freely: each poll chooses its answer's form,
 * each body is read by its own {@code Content-Type}.
 *
 * <p>The queue's statuses follow §2.3.4: {@code 400} {@code text/plain} with the reason for a malformed answer, JSON
 * or {@code message/http} (the queue is unaffected), {@code 403} for a foreign {@code Origin}, {@code 404}/{@code 410}
 * for an unknown/expired queue, {@code 413} over {@link PtthConfig#maxAnswerBytes()}, {@code 415} for a body that is
 * neither {@code application/json} nor {@code message/http} (§5.1.5). A resumed session keeps its id and its queue
 * URI. Thread-safe.
 */
public final class PtthRoutes {

    private static final Logger log = LoggerFactory.getLogger(PtthRoutes.class);
    private static final int MAX_BATCH = 1000;
    private static final int MAX_VIEWED = 64;
    private static final String NO_STORE = "no-store";
    /** Above this, reading a poll's answers would hold up the other connections of its event loop. */
    private static final int ON_EVENT_LOOP_BYTES = 64 * 1024;
    private static final ThreadFactory OFF_EVENT_LOOP = Thread.ofVirtual().name("pavel-ptth-poll-", 0).factory();

    private final SessionRegistry sessions;
    private final ObjectMapper json;

    private PtthRoutes(SessionRegistry sessions, ObjectMapper json) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Registers the PTTH routes and {@code GET /sessions}. */
    public static void register(Router.Builder routes, SessionRegistry sessions, ObjectMapper json) {
        PtthRoutes ptth = new PtthRoutes(sessions, json);
        for (String endpoint : PtthUpgradeHandler.ENDPOINTS) {
            routes.post(endpoint, ptth::open);
            routes.get(endpoint, Execution.EVENT_LOOP, ptth::upgradeRequired);
        }
        routes.async(HttpMethod.POST, "/ptth/q/{key}", ptth::poll);
        routes.get("/sessions", Execution.EVENT_LOOP, ptth::list);
        routes.put("/sessions/{id}/view", ptth::changeView);
    }

    private Response open(Request request) throws JsonProcessingException {
        String id = request.header("Pavel-Session");
        Session session = id == null ? null : sessions.find(id.trim());
        boolean resumed = session != null;
        String view = request.header("Pavel-View");
        String versions = request.header("Pavel-Version");
        if (session == null) {
            session = sessions.create("anonymous", Flavour.LONG_POLL, PtthUpgradeHandler.view(view), versions);
        } else {
            sessions.resume(session, view == null ? null : PtthUpgradeHandler.view(view), versions);
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("session", session.id());
        body.put("queue", session.queueUri());
        return Response.json(resumed ? HttpResponseStatus.OK : HttpResponseStatus.CREATED, json.writeValueAsBytes(body))
                .withHeader("location", session.queueUri())
                .withHeader("cache-control", NO_STORE);
    }

    private Response upgradeRequired(Request request) {
        return Response.empty(HttpResponseStatus.UPGRADE_REQUIRED).withHeader("upgrade", UpgradeOffer.PTTH_1_0);
    }

    private CompletionStage<Response> poll(Request request) {
        if (request.bodyLength() > ON_EVENT_LOOP_BYTES || request.header("Pavel-Session") != null) {
            CompletableFuture<CompletionStage<Response>> held = CompletableFuture.supplyAsync(
                    () -> answerAndHold(request), task -> OFF_EVENT_LOOP.newThread(task).start());
            return onCancel(held.thenCompose(Function.identity()),
                    () -> held.thenAccept(stage -> stage.toCompletableFuture().cancel(false)));
        }
        return answerAndHold(request);
    }

    /** Takes the answers a poll carries, then holds it until there are requests to answer it with. */
    private CompletionStage<Response> answerAndHold(Request request) {
        String key = request.pathParam("key");
        Session session = sessions.findByQueueKey(key);
        if (session == null) {
            throw sessions.expired(key)
                    ? new HttpStatusException(HttpResponseStatus.GONE, "This queue expired; open a new session.")
                    : HttpStatusException.notFound("There is no such queue; open a session with POST /ptth.");
        }
        int batch;
        List<ReverseResponse> answers;
        try {
            batch = batchSize(request.header("Pavel-Batch"));
            answers = answers(request, batch);
        } catch (PtthFormatException e) {
            log.debug("{}: malformed poll: {}", session, e.getMessage());
            return CompletableFuture.completedFuture(Response.text(HttpResponseStatus.BAD_REQUEST, e.getMessage()));
        }
        for (ReverseResponse answer : answers) {
            session.answer(answer);
        }
        if (session.id().equals(trimmed(request.header("Pavel-Session")))) {
            // PTTH.md §0: a client may resume on its first poll, naming what its replicas hold.
            sessions.resume(session, null, request.header("Pavel-Version"));
        }
        if (MessageHttp.preferred(request.headers("Accept"))) {
            // §2.4 carries one request per response: Pavel-Batch still allows an array of JSON answers in the
            // body, but the answer to this poll is a single message/http request (or 204).
            return answerWhenHeld(session.poll(1), PtthRoutes::messageHttpAnswer);
        }
        return answerWhenHeld(session.poll(batch == 0 ? 1 : batch), requests -> jsonAnswer(requests, batch));
    }

    /**
     * The response to a held poll, once it has its requests. Cancelling the response (its connection closed)
     * cancels the poll, which lets its session keep what it would have handed to it for the next poll.
     */
    private static CompletableFuture<Response> answerWhenHeld(CompletableFuture<List<ReverseRequest>> poll,
            Function<List<ReverseRequest>, Response> answer) {
        return onCancel(poll.thenApply(answer), () -> poll.cancel(false));
    }

    /** Runs {@code action} if {@code response} is cancelled (its connection closed); returns {@code response}. */
    private static CompletableFuture<Response> onCancel(CompletableFuture<Response> response, Runnable action) {
        response.whenComplete((ignored, failure) -> {
            if (response.isCancelled()) {
                action.run();
            }
        });
        return response;
    }

    private static Response messageHttpAnswer(List<ReverseRequest> next) {
        if (next.isEmpty()) {
            return Response.empty(HttpResponseStatus.NO_CONTENT); // TV-9: nothing to relay within T_hold
        }
        return Response.of(HttpResponseStatus.OK, MessageHttp.REQUEST_TYPE, MessageHttp.write(next.getFirst()))
                .withHeader(MessageHttp.MESSAGE_ID, next.getFirst().messageId())
                .withHeader("cache-control", NO_STORE);
    }

    private static Response jsonAnswer(List<ReverseRequest> requests, int batch) {
        String body;
        if (batch > 0) {
            body = PtthJson.writeRequests(requests);
        } else {
            body = requests.isEmpty() ? "{}" : PtthJson.write(requests.getFirst());
        }
        return Response.json(HttpResponseStatus.OK, body.getBytes(StandardCharsets.UTF_8))
                .withHeader("cache-control", NO_STORE);
    }

    private List<ReverseResponse> answers(Request request, int batch) {
        String contentType = request.header("Content-Type");
        boolean envelope = contentType != null && MessageHttp.isMessageHttp(contentType);
        if (contentType != null && !isJson(contentType) && !envelope || contentType == null && request.bodyLength() > 0) {
            throw new HttpStatusException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "A poll carries answers as application/json or message/http only.");
        }
        if (request.bodyLength() > sessions.config().maxAnswerBytes()) {
            throw new HttpStatusException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "The answers are larger than " + sessions.config().maxAnswerBytes() + " bytes.");
        }
        if (envelope) {
            return envelopeAnswer(request, contentType);
        }
        if (request.bodyLength() == 0) {
            return List.of();
        }
        String text = request.strictBodyText();
        if (text == null) {
            throw new PtthFormatException("The body is not valid UTF-8.");
        }
        if (text.startsWith("\uFEFF")) {
            throw new PtthFormatException("The JSON body must not start with a byte order mark.");
        }
        if (batch == 0 && text.stripLeading().startsWith("[")) {
            throw new PtthFormatException("An array of answers needs the Pavel-Batch header.");
        }
        return PtthJson.readResponses(text);
    }

    /** The §2.4 answer a {@code message/http} body carries; an empty body without a message id is a plain poll. */
    private static List<ReverseResponse> envelopeAnswer(Request request, String contentType) {
        MessageHttp.checkAnswerType(contentType);
        List<String> ids = request.headers(MessageHttp.MESSAGE_ID);
        if (request.bodyLength() == 0 && ids.isEmpty()) {
            return List.of();
        }
        String id = MessageHttp.messageId(ids);
        if (request.bodyLength() == 0) {
            throw new PtthFormatException("PTTH-Message-ID names an answer to " + id + " but the body is empty; it must "
                    + "be the complete HTTP/1.1 response.");
        }
        return List.of(MessageHttp.readResponse(id, request.body()));
    }

    private Response list(Request request) throws JsonProcessingException {
        List<Map<String, Object>> out = sessions.sessions().stream().map(session -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", session.id());
            item.put("user", session.user());
            item.put("flavour", session.flavour().wireName());
            item.put("spaces", session.spaces());
            item.put("since", session.since().toString());
            return item;
        }).toList();
        return Response.json(HttpResponseStatus.OK, json.writeValueAsBytes(out)).withHeader("cache-control", NO_STORE);
    }

    /** {@code PUT /sessions/{id}/view} with a JSON array of space names: the session views those from now on. */
    private Response changeView(Request request) throws JsonProcessingException {
        Session session = sessions.find(request.pathParam("id"));
        if (session == null) {
            throw HttpStatusException.notFound("There is no session " + request.pathParam("id") + ".");
        }
        List<String> view;
        try {
            view = List.of(json.readValue(request.body(), String[].class));
        } catch (java.io.IOException | NullPointerException e) {
            throw HttpStatusException.badRequest("The view must be a JSON array of space names, like [\"main\",\"lab\"].");
        }
        if (view.size() > MAX_VIEWED || !view.stream().allMatch(pavel.op.DocRequest::isSpaceName)) {
            throw HttpStatusException.badRequest("The view must name at most " + MAX_VIEWED
                    + " spaces, each a letter or digit then up to 63 letters, digits, '.', '_' or '-'.");
        }
        sessions.changeView(session, List.copyOf(new java.util.LinkedHashSet<>(view)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", session.id());
        body.put("spaces", session.spaces());
        return Response.json(HttpResponseStatus.OK, json.writeValueAsBytes(body)).withHeader("cache-control", NO_STORE);
    }

    private static @Nullable String trimmed(@Nullable String header) {
        return header == null ? null : header.trim();
    }

    /**
     * {@code Pavel-Batch: N} (PTTH.md §0) lets a JSON poll answer carry up to N requests and its body an array of
     * answers; a poll answered in the {@code message/http} variant still gets one request (§2.4).
     */
    private static int batchSize(@Nullable String header) {
        if (header == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(header.trim());
            if (n >= 1 && n <= MAX_BATCH) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the sentence below
        }
        throw new PtthFormatException("Pavel-Batch must be a number from 1 to " + MAX_BATCH + ".");
    }

    private static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.toLowerCase(Locale.ROOT).equals("application/json");
    }

}

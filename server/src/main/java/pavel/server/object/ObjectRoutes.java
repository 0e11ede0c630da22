package pavel.server.object;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import pavel.model.DocumentException;
import pavel.server.http.Handler;
import pavel.server.http.HttpStatusException;
import pavel.server.http.Request;
import pavel.server.http.Response;
import pavel.server.http.Router;
import pavel.server.object.Letter.Delivery;
import pavel.server.script.BehaviourException;
import pavel.server.store.StoreException;
import pavel.server.space.DocumentRoutes;

/**
 * The objects API of DESIGN.md: {@code /objects}, {@code /objects/{name}} (state; {@code Accept: text/html} for the
 * rendered view, template on PUT), messages by {@code POST} ({@code ?reply} waits for the handler's answer),
 * {@code /behavior} with its versions, {@code /view}, {@code /proto} and {@code /mailbox/{id}}.
 */
public final class ObjectRoutes {
    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";
    private static final int MAX_JSON_DEPTH = 64;

    private final LiveObjects objects;
    private final ObjectMapper json;
    private final ObjectMapper strict = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH).build()).build())
            .build();

    private ObjectRoutes(LiveObjects objects, ObjectMapper json) {
        this.objects = objects;
        this.json = json;
    }

    /** Registers every route of the objects API. */
    public static void register(Router.Builder routes, LiveObjects objects, ObjectMapper json) {
        ObjectRoutes api = new ObjectRoutes(objects, json);
        routes.get("/objects", api::list);
        routes.get("/objects/{name}", refusable(api::read));
        routes.put("/objects/{name}", refusable(api::put));
        routes.delete("/objects/{name}", api::delete);
        routes.post("/objects/{name}", api::post);
        routes.get("/objects/{name}/behavior", api::behaviour);
        routes.put("/objects/{name}/behavior", api::putBehaviour);
        routes.get("/objects/{name}/behavior/versions", api::versions);
        routes.get("/objects/{name}/behavior/versions/{version}", api::version);
        routes.get("/objects/{name}/view", api::view);
        routes.put("/objects/{name}/view", refusable(api::putView));
        routes.get("/objects/{name}/proto", api::proto);
        routes.put("/objects/{name}/proto", api::putProto);
        routes.delete("/objects/{name}/mailbox/{id}", api::drop);
    }

    /** A route whose view rendering may be refused (a template error, HTML the sanitizer refuses): its problem. */
    private static Handler refusable(Handler handler) {
        return request -> {
            try {
                return handler.handle(request);
            } catch (DocumentException e) {
                throw DocumentRoutes.problem(e);
            }
        };
    }

    private Response list(Request request) throws JsonProcessingException {
        List<Map<String, Object>> out = objects.list().stream().map(object -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", object.name());
            item.put("proto", object.proto());
            BehaviourVersion behaviour = objects.behaviourOf(object);
            item.put("behavior", Map.of("version", behaviour == null ? 0 : behaviour.version()));
            item.put("mailbox", object.mailboxSize());
            return item;
        }).toList();
        return jsonResponse(HttpResponseStatus.OK, out);
    }

    private Response read(Request request) throws JsonProcessingException {
        LiveObject object = objects.require(request.pathParam("name"));
        if (wantsHtml(request)) {
            return Response.ok(HTML, bytes(objects.rendered(object)));
        }
        return jsonResponse(HttpResponseStatus.OK, ObjectSnapshot.of(objects, object, json));
    }

    private Response put(Request request) throws JsonProcessingException {
        String name = request.pathParam("name");
        boolean created = objects.put(name, jsonObject(request, "state"));
        HttpResponseStatus status = created ? HttpResponseStatus.CREATED : HttpResponseStatus.OK;
        Response response = wantsHtml(request)
                ? Response.of(status, HTML, bytes(objects.rendered(objects.require(name))))
                : Response.empty(status);
        return created ? response.withHeader("location", "/objects/" + name) : response;
    }

    private Response delete(Request request) {
        objects.delete(request.pathParam("name"));
        return Response.empty(HttpResponseStatus.NO_CONTENT);
    }

    private Response post(Request request) throws JsonProcessingException, InterruptedException {
        Letter letter = objects.post(request.pathParam("name"), jsonObject(request, "message"));
        Map<String, Object> accepted = Map.of("id", letter.id());
        if (request.queryParam("reply") == null) {
            return jsonResponse(HttpResponseStatus.ACCEPTED, accepted);
        }
        Delivery delivery;
        try {
            delivery = letter.outcome().get(LiveObjects.REPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return jsonResponse(HttpResponseStatus.ACCEPTED, accepted);
        } catch (ExecutionException e) {
            throw StoreException.unwrap(e); // the handler ran, but what it did could not be kept
        }
        return switch (delivery) {
            case Delivery.Replied(String reply) -> Response.json(HttpResponseStatus.OK, bytes(reply));
            case Delivery.Waiting waiting -> jsonResponse(HttpResponseStatus.ACCEPTED, accepted);
            case Delivery.Failed(String message) -> throw new HttpStatusException(
                    HttpResponseStatus.UNPROCESSABLE_ENTITY, "The handler failed: " + message,
                    Map.of("id", letter.id()), Map.of());
        };
    }

    private Response behaviour(Request request) {
        BehaviourVersion own = objects.require(request.pathParam("name")).behaviour();
        if (own == null) {
            throw HttpStatusException.notFound(request.pathParam("name") + " has no behaviour of its own yet.");
        }
        return Response.ok(JAVASCRIPT, bytes(own.source())).withHeader("etag", "\"" + own.version() + "\"");
    }

    private Response putBehaviour(Request request) throws JsonProcessingException {
        String source = text(request);
        try {
            BehaviourVersion version = objects.putBehaviour(request.pathParam("name"), source);
            return jsonResponse(HttpResponseStatus.OK, Map.of("version", version.version()));
        } catch (BehaviourException e) {
            throw new HttpStatusException(HttpResponseStatus.UNPROCESSABLE_ENTITY, e.getMessage(),
                    Map.of("line", e.line(), "column", e.column()), Map.of());
        }
    }

    private Response versions(Request request) throws JsonProcessingException {
        List<Map<String, Object>> out = objects.require(request.pathParam("name")).behaviours().stream()
                .map(v -> Map.<String, Object>of("version", v.version(), "activated", v.activated().toString()))
                .toList();
        return jsonResponse(HttpResponseStatus.OK, out);
    }

    private Response version(Request request) {
        List<BehaviourVersion> all = objects.require(request.pathParam("name")).behaviours();
        String wanted = request.pathParam("version");
        for (BehaviourVersion v : all) {
            if (Integer.toString(v.version()).equals(wanted)) {
                return Response.ok(JAVASCRIPT, bytes(v.source()));
            }
        }
        throw HttpStatusException.notFound(request.pathParam("name") + " has no behaviour version " + wanted
                + "; it has " + all.size() + ".");
    }

    private Response view(Request request) {
        String view = objects.require(request.pathParam("name")).view();
        if (view == null) {
            throw HttpStatusException.notFound(request.pathParam("name") + " has no view of its own yet.");
        }
        return Response.ok(TEXT, bytes(view));
    }

    private Response putView(Request request) {
        objects.putView(request.pathParam("name"), text(request));
        return Response.empty(HttpResponseStatus.NO_CONTENT);
    }

    private Response proto(Request request) {
        String proto = objects.require(request.pathParam("name")).proto();
        return Response.ok(TEXT, bytes(proto == null ? "" : proto));
    }

    private Response putProto(Request request) {
        String proto = text(request).strip();
        objects.putProto(request.pathParam("name"), proto.isEmpty() ? null : proto);
        return Response.empty(HttpResponseStatus.NO_CONTENT);
    }

    private Response drop(Request request) {
        objects.drop(request.pathParam("name"), request.pathParam("id"));
        return Response.empty(HttpResponseStatus.NO_CONTENT);
    }

    /** The body as compact JSON, which must be an object. */
    private String jsonObject(Request request, String what) {
        String text = text(request);
        JsonNode node;
        try {
            node = strict.readTree(text);
        } catch (JsonProcessingException e) {
            throw HttpStatusException.badRequest("The " + what + " is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw HttpStatusException.badRequest("The " + what + " must be a JSON object, like {\"type\":\"inc\"}.");
        }
        return node.toString();
    }

    private static String text(Request request) {
        String text = request.strictBodyText();
        if (text == null) {
            throw HttpStatusException.badRequest("The body is not valid UTF-8.");
        }
        return text;
    }

    private Response jsonResponse(HttpResponseStatus status, Object body) throws JsonProcessingException {
        return Response.json(status, json.writeValueAsBytes(body)).withHeader("cache-control", "no-cache");
    }

    private static boolean wantsHtml(Request request) {
        String accept = request.header("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static byte[] bytes(String text) {
        return Objects.requireNonNull(text).getBytes(StandardCharsets.UTF_8);
    }
}

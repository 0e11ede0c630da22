package pavel.server.space;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pavel.model.DocumentException;
import pavel.server.http.Execution;
import pavel.server.http.Request;
import pavel.server.http.Response;
import pavel.server.http.Router;

/**
 * {@code GET /spaces} lists the spaces with their versions; {@code PUT /spaces/{space}} creates one ({@code 201},
 * the body is its initial {@code <body>} content) or replaces an existing one's content ({@code 200});
 * {@code DELETE /spaces/{space}} removes one ({@code 204}; {@code main} cannot be removed: {@code 409}).
 */
public final class SpaceRoutes {

    private final Spaces spaces;
    private final ObjectMapper json;

    private SpaceRoutes(Spaces spaces, ObjectMapper json) {
        this.spaces = spaces;
        this.json = json;
    }

    /** Registers the routes. */
    public static void register(Router.Builder routes, Spaces spaces, ObjectMapper json) {
        SpaceRoutes routesOfSpaces = new SpaceRoutes(spaces, json);
        routes.get("/spaces", Execution.VIRTUAL_THREAD, routesOfSpaces::list);
        routes.put("/spaces/{space}", routesOfSpaces::create);
        routes.delete("/spaces/{space}", routesOfSpaces::delete);
    }

    private Response list(Request request) throws JsonProcessingException {
        List<Map<String, Object>> out = spaces.list().stream().map(this::describe).toList();
        return Response.json(HttpResponseStatus.OK, json.writeValueAsBytes(out)).withHeader("cache-control", "no-cache");
    }

    private Response create(Request request) throws JsonProcessingException {
        String name = request.pathParam("space");
        try {
            String html = request.bodyLength() == 0 ? null : DocumentRoutes.text(request);
            boolean created = spaces.create(name, html);
            Response response = Response.json(created ? HttpResponseStatus.CREATED : HttpResponseStatus.OK,
                    json.writeValueAsBytes(describe(spaces.require(name))));
            return created ? response.withHeader("location", "/doc/" + name + "/") : response;
        } catch (DocumentException e) {
            throw DocumentRoutes.problem(e);
        }
    }

    private Response delete(Request request) {
        try {
            spaces.delete(request.pathParam("space"));
            return Response.empty(HttpResponseStatus.NO_CONTENT);
        } catch (DocumentException e) {
            throw DocumentRoutes.problem(e);
        }
    }

    private Map<String, Object> describe(Space space) {
        return space.read(document -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", space.name());
            item.put("version", document.version());
            item.put("nodes", document.nodeCount());
            item.put("hash", document.hashHex());
            return item;
        });
    }
}

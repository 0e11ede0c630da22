package pavel.server.examples;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.file.Path;
import pavel.server.PavelServer;
import pavel.server.ServerConfig;
import pavel.server.http.Execution;
import pavel.server.http.HttpStatusException;
import pavel.server.http.Response;
import pavel.server.http.Router;

/**
 * How a feature registers its routes: a path parameter, a {@code **} rest, a client error, and a handler
 * that may block. Run it and try {@code curl -i localhost:8081/doc/main/body/div[2]} or
 * {@code curl -i -X PUT localhost:8081/doc/nope/}.
 */
public final class RoutesExample {

    private RoutesExample() {}

    public static void main(String[] args) throws InterruptedException {
        Router router = Router.newBuilder()
                .get("/hello/{name}", Execution.EVENT_LOOP,
                        request -> Response.text(HttpResponseStatus.OK, "Hello, " + request.pathParam("name") + "!"))
                .get("/doc/{space}/**", request -> Response.text(HttpResponseStatus.OK,
                        "space " + request.pathParam("space") + ", node path '" + request.rest() + "'"))
                .put("/doc/{space}/**", request -> {
                    if (!request.pathParam("space").equals("main")) {
                        throw HttpStatusException.notFound("There is no space '" + request.pathParam("space") + "'.");
                    }
                    return Response.empty(HttpResponseStatus.NO_CONTENT);
                })
                .build();
        PavelServer server = new PavelServer(
                ServerConfig.newBuilder().port(8081).dataDirectory(Path.of("pavel-example-data")).build(), router);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        server.awaitStopped();
    }
}

package pavel.desktop.replica;

import java.util.Objects;
import pavel.desktop.ptth.ReverseRouter;
import pavel.replica.SpaceReplicas;

/**
 * Routes the server's document requests ({@code GET|PUT|POST|DELETE /doc/**}) from a PTTH client to the replicas
 * of the spaces it views, which answer them (204, 409, 404, 422…, DESIGN.md "PTTH").
 *
 * <pre>{@code
 * SpaceReplicas replicas = new SpaceReplicas();
 * ReverseRouter router = ReplicaRoutes.register(ReverseRouter.builder(), replicas)
 *         .on("POST", "/console", req -> { log.info(req.body()); return ReverseReplies.noContent(req); })
 *         .build();
 * PtthClientConfig config = PtthClientConfig.newBuilder(URI.create("http://127.0.0.1:8080/ptth"))
 *         .viewSpaces(List.of("main"))
 *         .dynamicHeaders(new ResumeHeaders(replicas))   // reconnects get only what they missed
 *         .build();
 * new PtthClient(config, router).connect();
 * }</pre>
 */
public final class ReplicaRoutes {
    /** The methods a replica answers on {@code /doc/}. */
    private static final String[] METHODS = {"GET", "PUT", "POST", "DELETE"};

    private ReplicaRoutes() {
    }

    /**
     * Adds a route for each of {@code GET}, {@code PUT}, {@code POST} and {@code DELETE} on {@code /doc/**} that
     * {@code replicas} answers; other methods on {@code /doc/} then get the router's {@code 405}.
     *
     * @return {@code router}, for more routes
     */
    public static ReverseRouter.Builder register(ReverseRouter.Builder router, SpaceReplicas replicas) {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(replicas, "replicas");
        for (String method : METHODS) {
            router.on(method, "/doc/**", replicas::handle);
        }
        return router;
    }
}

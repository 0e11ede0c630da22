package pavel.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.server.http.Execution;
import pavel.server.http.Router;
import pavel.server.web.StaticFile;
import pavel.server.web.StaticFiles;

/**
 * Every route of the server, registered explicitly in one place. New features add their lines here, e.g.
 * {@code routes.get("/doc/{space}/**", documents::read)}; routes are tried in this order.
 */
public final class PavelRoutes {

    private static final Logger log = LoggerFactory.getLogger(PavelRoutes.class);

    /** The class-path folder of the web client's files, in the web-client jar. */
    public static final String WEB_CLIENT_FOLDER = "pavel/web/";

    private PavelRoutes() {}

    /**
     * The server's router.
     *
     * @param version the version to report on {@code /health}
     * @param json the JSON mapper shared by the handlers
     */
    public static Router create(Version version, ObjectMapper json) {
        Router.Builder routes = Router.newBuilder();
        routes.get("/health", Execution.EVENT_LOOP, new HealthHandler(version, json));

        List<StaticFile> webClient = StaticFiles.load(PavelRoutes.class.getClassLoader(), WEB_CLIENT_FOLDER);
        if (webClient.isEmpty()) {
            log.warn("No web client files in {} on the class path; / will answer 404", WEB_CLIENT_FOLDER);
        }
        for (StaticFile file : webClient) {
            routes.get(file.path(), Execution.EVENT_LOOP, file);
            if (file.path().endsWith("/index.html")) {
                routes.get(file.path().substring(0, file.path().length() - "index.html".length()),
                        Execution.EVENT_LOOP, file);
            }
        }
        return routes.build();
    }
}

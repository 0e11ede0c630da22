package pavel.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.server.console.Console;
import pavel.server.console.ConsoleAccess;
import pavel.server.console.ConsoleRoutes;
import pavel.server.http.Execution;
import pavel.server.http.Router;
import pavel.server.object.LiveObjects;
import pavel.server.object.ObjectRoutes;
import pavel.server.ptth.PtthRoutes;
import pavel.server.session.SessionRegistry;
import pavel.server.space.DocumentRoutes;
import pavel.server.space.SpaceRoutes;
import pavel.server.space.Spaces;
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
     * The server's router without PTTH.
     *
     * @param version the version to report on {@code /health}
     * @param json the JSON mapper shared by the handlers
     */
    public static Router create(Version version, ObjectMapper json) {
        return create(version, json, null);
    }

    /**
     * The server's router with the PTTH session routes ({@code /ptth}, {@code /ptth/q/{key}}, {@code /sessions}).
     *
     * @param version the version to report on {@code /health}
     * @param json the JSON mapper shared by the handlers
     * @param sessions the sessions the PTTH routes serve; the same registry the server's pipeline upgrades into.
     *     Without one (the two-argument form) the PTTH routes are left out.
     */
    public static Router create(Version version, ObjectMapper json, @Nullable SessionRegistry sessions) {
        return create(version, json, sessions, null);
    }

    /**
     * The whole server's router: PTTH, the spaces and their documents ({@code /spaces}, {@code /doc/{space}/**}).
     *
     * @param spaces the world's spaces, following the same {@code sessions}; without them the document routes are
     *     left out
     */
    public static Router create(Version version, ObjectMapper json, @Nullable SessionRegistry sessions,
            @Nullable Spaces spaces) {
        return create(version, json, sessions, spaces, null);
    }

    /**
     * The whole server's router, live objects included ({@code /objects/**}).
     *
     * @param objects the world's objects; without them the objects routes are left out
     */
    public static Router create(Version version, ObjectMapper json, @Nullable SessionRegistry sessions,
            @Nullable Spaces spaces, @Nullable LiveObjects objects) {
        return create(version, json, sessions, spaces, objects, null);
    }

    /**
     * The whole server's router, the console included ({@code POST /console/eval}).
     *
     * @param console the world's console; without it the console route is left out. Until accounts come, only
     *     requests from this machine may use it ({@link ConsoleAccess#loopbackOnly()}).
     */
    public static Router create(Version version, ObjectMapper json, @Nullable SessionRegistry sessions,
            @Nullable Spaces spaces, @Nullable LiveObjects objects, @Nullable Console console) {
        Router.Builder routes = Router.newBuilder();
        routes.get("/health", Execution.EVENT_LOOP, new HealthHandler(version, json));
        if (sessions != null) {
            PtthRoutes.register(routes, sessions, json);
        }
        if (spaces != null) {
            SpaceRoutes.register(routes, spaces, json);
            DocumentRoutes.register(routes, spaces);
        }
        if (objects != null) {
            ObjectRoutes.register(routes, objects, json);
        }
        if (console != null) {
            ConsoleRoutes.register(routes, console, ConsoleAccess.loopbackOnly(), json);
        }

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

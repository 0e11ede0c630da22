package pavel.server.object;

import java.util.List;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;
import pavel.server.session.Session;
import pavel.server.session.SessionRegistry;

/**
 * Sends objects' log lines and errors to the people watching, as reverse {@code POST /console} requests (text,
 * never HTML). Every session watches every object for now; per-user watching comes with the workspace.
 */
final class ObjectConsole {
    private static final int MAX_LINE = 4096;

    private final SessionRegistry sessions;

    ObjectConsole(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    void print(String object, String line) {
        String text = "[" + object + "] " + (line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line);
        ReverseRequest request = ReverseRequest.of("POST", "/console",
                List.of(new Header("Content-Type", "text/plain; charset=utf-8")), text);
        for (Session session : sessions.sessions()) {
            session.send(request); // a session that does not keep up drops it with its backlog
        }
    }
}

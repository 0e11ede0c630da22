package pavel.server.console;

import pavel.server.http.HttpStatusException;
import pavel.server.http.Request;

/**
 * Who may use the console over HTTP ({@code POST /console/eval}): DESIGN.md gives it to admins. Until accounts come
 * ({@code --auth password}) that is whoever sits at this machine, {@link #loopbackOnly()}; then an implementation
 * that asks the request's session for an admin takes its place, without the route changing.
 */
@FunctionalInterface
public interface ConsoleAccess {

    /**
     * Lets the request use the console, or refuses it.
     *
     * @throws HttpStatusException {@code 403} with a sentence that says why not
     */
    void check(Request request);

    /**
     * Requests from this machine only: from a loopback address, addressed to a loopback name ({@code localhost},
     * {@code 127.x.x.x}, {@code [::1]}; against DNS rebinding) and, when they carry an {@code Origin}, from the
     * server's own pages.
     */
    static ConsoleAccess loopbackOnly() {
        return LoopbackAccess.INSTANCE;
    }
}

package pavel.server.http;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The cross-origin rule of DESIGN.md "Security": an unsafe request (anything but {@code GET}, {@code HEAD} and
 * {@code OPTIONS}) that carries an {@code Origin} header must come from the server's own origin, {@code http://} plus
 * the request's {@code Host}. Browsers send {@code Origin} on cross-site POSTs, so another site's page cannot make a
 * visitor's browser change the world (a form post needs no CORS preflight). Stateless.
 */
public final class SameOrigin {

    private SameOrigin() {}

    /** Whether a request with these {@code Origin} and {@code Host} values may proceed. */
    public static boolean allows(@Nullable String origin, @Nullable String host) {
        if (origin == null) {
            return true;
        }
        if (host == null || host.isEmpty()) {
            return false;
        }
        String own = "http://" + host.toLowerCase(Locale.ROOT);
        return origin.trim().toLowerCase(Locale.ROOT).equals(own);
    }
}

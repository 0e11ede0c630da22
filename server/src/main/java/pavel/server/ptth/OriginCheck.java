package pavel.server.ptth;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The cross-origin rule of DESIGN.md "Security" for unsafe requests on {@code /ptth}: an {@code Origin} header,
 * if present, must be the server's own origin, {@code http://} plus the request's {@code Host}. Stateless.
 */
final class OriginCheck {

    private OriginCheck() {}

    /** Whether a request with these {@code Origin} and {@code Host} values may proceed. */
    static boolean allows(@Nullable String origin, @Nullable String host) {
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

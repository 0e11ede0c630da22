package pavel.server.ptth;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a request offers a PTTH upgrade B accepts (PTTH.md §2.2.2, points 1, 3 and 4): HTTP/1.1 only,
 * {@code POST} or {@code GET}, {@code Upgrade} listing {@code PTTH/1.0} or {@code PTTH/0.9} (case-insensitive;
 * never the 2025 draft's bare {@code ptth}), and {@code Connection} naming {@code upgrade} or, with the legacy
 * switch, absent. Stateless.
 */
final class UpgradeOffer {

    /** The token B answers with when both versions are offered. */
    static final String PTTH_1_0 = "PTTH/1.0";
    /** The 2008 wiki's token. */
    static final String PTTH_0_9 = "PTTH/0.9";

    private UpgradeOffer() {}

    /**
     * The token to put in the {@code 101}, in its canonical upper-case form, or null if the request does not
     * offer an acceptable PTTH upgrade (then it is an ordinary HTTP request).
     */
    static @Nullable String select(HttpRequest request, boolean legacyNoConnectionHeader) {
        if (!HttpVersion.HTTP_1_1.equals(request.protocolVersion())) {
            return null;
        }
        HttpMethod method = request.method();
        if (!method.equals(HttpMethod.POST) && !method.equals(HttpMethod.GET)) {
            return null;
        }
        boolean v10 = false;
        boolean v09 = false;
        for (String value : request.headers().getAll(HttpHeaderNames.UPGRADE)) {
            for (String token : value.split(",")) {
                String t = token.trim();
                v10 |= t.equalsIgnoreCase(PTTH_1_0);
                v09 |= t.equalsIgnoreCase(PTTH_0_9);
            }
        }
        if (!v10 && !v09) {
            return null;
        }
        List<String> connection = request.headers().getAll(HttpHeaderNames.CONNECTION);
        if (connection.isEmpty() ? !legacyNoConnectionHeader : !namesUpgrade(connection)) {
            return null;
        }
        return v10 ? PTTH_1_0 : PTTH_0_9;
    }

    private static boolean namesUpgrade(List<String> connection) {
        for (String value : connection) {
            for (String option : value.split(",")) {
                if (option.trim().equalsIgnoreCase("upgrade")) {
                    return true;
                }
            }
        }
        return false;
    }
}

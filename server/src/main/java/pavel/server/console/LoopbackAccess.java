package pavel.server.console;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import pavel.server.http.HttpStatusException;
import pavel.server.http.Request;
import pavel.server.http.SameOrigin;

/** {@link ConsoleAccess#loopbackOnly()}. Stateless. */
enum LoopbackAccess implements ConsoleAccess {
    INSTANCE;

    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    @Override
    public void check(Request request) {
        String refusal = refusal(request.remoteAddress(), request.header("Host"), request.header("Origin"));
        if (refusal != null) {
            throw new HttpStatusException(HttpResponseStatus.FORBIDDEN, refusal);
        }
    }

    /**
     * Why a request with this peer, {@code Host} and {@code Origin} may not use the console, or {@code null} when
     * it may.
     */
    static @Nullable String refusal(@Nullable SocketAddress peer, @Nullable String host, @Nullable String origin) {
        if (!(peer instanceof InetSocketAddress address) || address.getAddress() == null
                || !address.getAddress().isLoopbackAddress()) {
            return "The console takes requests from this machine only, until accounts come with --auth password; "
                    + "this one came from " + describe(peer) + ".";
        }
        // A browser sends the name it resolved: a page whose name was rebound to 127.0.0.1 still says its own.
        if (host != null && !isLoopbackName(host)) {
            return "The console takes only requests addressed to this machine by a loopback name (localhost, "
                    + "127.0.0.1 or [::1]), not to " + host + ".";
        }
        if (!SameOrigin.allows(origin, host)) {
            return "The console takes no requests from the pages of other sites; this one came from " + origin + ".";
        }
        return null;
    }

    /** Whether a {@code Host} header names this machine by a loopback name, with or without a port. */
    static boolean isLoopbackName(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            return end > 0 && name.substring(1, end).equals("::1")
                    && (end == name.length() - 1 || isPort(name.substring(end + 1)));
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            if (!isPort(name.substring(colon))) {
                return false;
            }
            name = name.substring(0, colon);
        }
        return name.equals("localhost") || LOOPBACK_IPV4.matcher(name).matches();
    }

    /** {@code :8080}. */
    private static boolean isPort(String text) {
        return text.length() > 1 && text.length() <= 6 && text.charAt(0) == ':'
                && text.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String describe(@Nullable SocketAddress peer) {
        if (peer instanceof InetSocketAddress address && address.getAddress() != null) {
            return address.getAddress().getHostAddress();
        }
        return peer == null ? "an unknown address" : peer.toString();
    }
}

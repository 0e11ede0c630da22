package pavel.desktop.ptth;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** How one handshake ended, as {@link PtthHandshakeHandler} read the response (PTTH.md §2.2.6). */
sealed interface HandshakeOutcome {
    /** A sentence for the log and the {@link ConnectionEvent}. */
    String detail();

    /** {@code 101} with the offered token: the connection now carries reversed requests. */
    record Upgraded(String token, @Nullable String sessionId) implements HandshakeOutcome {
        @Override
        public String detail() {
            return "upgraded to " + token;
        }
    }

    /** {@code 204}: nothing to relay yet; handshake again at once. */
    record RetryNow(String detail) implements HandshakeOutcome {
    }

    /** {@code 429}/{@code 503}: overload; wait at least {@code atLeast} ({@code Retry-After}, zero without it). */
    record RetryLater(Duration atLeast, String detail) implements HandshakeOutcome {
    }

    /** A failure: back off, then try again, offering {@code nextToken} if the server named one ({@code 426}). */
    record BackOff(String detail, @Nullable String nextToken) implements HandshakeOutcome {
        BackOff(String detail) {
            this(detail, null);
        }
    }

    /** A refusal that retrying cannot fix (401, 403, 404, 410, not a PTTH endpoint). */
    record GiveUp(int status, String detail) implements HandshakeOutcome {
    }
}

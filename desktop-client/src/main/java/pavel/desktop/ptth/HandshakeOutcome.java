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

    /**
     * B serves the long-poll JSON flavour (PTTH.md §2.3) at {@code queueTarget}: it answered the handshake with a
     * poll answer ({@code 200 application/json}, TV-3) or created a queue ({@code 201} + {@code Location}), or a
     * poll on the queue succeeded.
     */
    record LongPoll(String queueTarget) implements HandshakeOutcome {
        @Override
        public String detail() {
            return "long-poll at " + queueTarget;
        }
    }

    /** The long-poll queue is gone ({@code 404}/{@code 410} on a poll): back off, then handshake afresh. */
    record QueueGone(String detail) implements HandshakeOutcome {
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

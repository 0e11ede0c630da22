package pavel.desktop.ptth;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A change of a {@link PtthClient}'s state.
 *
 * @param state the new state
 * @param detail why, in a sentence (the refusal status, the failure); empty when there is nothing to say
 * @param delay for {@link ConnectionState#BACKING_OFF}: how long until the next attempt; otherwise zero
 * @param sessionId the session the server named on its last {@code 101} ({@code Pavel-Session}), or the configured one
 */
public record ConnectionEvent(ConnectionState state, String detail, Duration delay, @Nullable String sessionId) {
    public ConnectionEvent {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(delay, "delay");
    }
}

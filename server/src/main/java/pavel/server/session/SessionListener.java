package pavel.server.session;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the layer above sessions (the spaces) hears about them: a client opened or resumed one, changed the spaces
 * it views, or it is gone. Called on the thread that caused the event; listeners must not block.
 *
 * <pre>{@code
 * registry.addListener(new SessionListener() {
 *     public void joined(Session s, boolean resumed, String versions) { spaces.join(s, versions); }
 * });
 * }</pre>
 */
public interface SessionListener {

    /**
     * A client opened a new session, or resumed one with {@code Pavel-Session}.
     *
     * @param versions its {@code Pavel-Version} header (the replica versions it holds), or null
     */
    default void joined(Session session, boolean resumed, @Nullable String versions) {}

    /** The session now views {@link Session#spaces()} instead of {@code before}. */
    default void viewChanged(Session session, List<String> before) {}

    /** The session expired or the registry closed; it takes no more requests. */
    default void closed(Session session) {}
}

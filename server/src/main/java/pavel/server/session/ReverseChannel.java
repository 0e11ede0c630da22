package pavel.server.session;

import java.util.concurrent.CompletableFuture;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;

/**
 * Sends reverse requests to one client, whichever PTTH flavour carries them (PTTH.md §2.2, §2.3).
 *
 * <pre>{@code
 * session.send(ReverseRequest.of("PUT", "/doc/main/", List.of(new Header("Pavel-Version", "7")), html))
 *         .whenComplete((response, failure) -> ...);   // response.status() == 204, or an ExchangeFailedException
 * }</pre>
 *
 * <p>Implementations are thread-safe and never block the caller.
 */
@FunctionalInterface
public interface ReverseChannel {

    /**
     * Queues {@code request} for the client; requests reach it in the order they were sent.
     *
     * @return completes with the client's response, or exceptionally with an {@link ExchangeFailedException}
     *     (timeout, dropped backlog, session gone); dependent actions may run on a Netty event loop and must
     *     not block
     */
    CompletableFuture<ReverseResponse> send(ReverseRequest request);
}

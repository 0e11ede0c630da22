package pavel.server.http;

import java.util.concurrent.CompletionStage;

/**
 * Answers one routed request later: for requests that wait for something, like a long poll held until there is
 * something to send, without a thread parked for each.
 *
 * <p>It is called on the connection's event loop, so it must not block; the response is written when the stage
 * completes, on whatever thread completes it. Failures are answered as a {@link Handler}'s are: a
 * {@link HttpStatusException}, thrown or completing the stage, becomes its problem, anything else a {@code 500}.
 */
@FunctionalInterface
public interface AsyncHandler {

    /**
     * Starts handling the request.
     *
     * @param request the request, with path parameters already matched
     * @return the response to come, never {@code null}
     * @throws Exception anything; {@link HttpStatusException} becomes its problem, the rest a {@code 500}
     */
    CompletionStage<Response> handle(Request request) throws Exception;
}

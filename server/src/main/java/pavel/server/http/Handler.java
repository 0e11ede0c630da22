package pavel.server.http;

/**
 * Answers one routed request.
 *
 * <p>A handler returns the complete response; the pipeline adds {@code Content-Length}, strips the body for
 * {@code HEAD} and decides about keep-alive. To answer with a client error, throw
 * {@link HttpStatusException}; any other exception is logged with its stack trace and answered with a
 * {@code 500} problem that does not reveal it.
 *
 * <p>Handlers registered with {@link Execution#VIRTUAL_THREAD} (the default) may block, for example on file
 * or database access, or while a long poll waits for something to send. Handlers registered with
 * {@link Execution#EVENT_LOOP} must not block. A handler may be called concurrently for different
 * connections, so it must be thread-safe.
 */
@FunctionalInterface
public interface Handler {

    /**
     * Handles the request.
     *
     * @param request the request, with path parameters already matched
     * @return the response to send, never {@code null}
     * @throws Exception anything; {@link HttpStatusException} becomes its problem, the rest a {@code 500}
     */
    Response handle(Request request) throws Exception;
}

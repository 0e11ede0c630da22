/**
 * HTTP for Pavel: routing ({@link pavel.server.http.Router}, {@link pavel.server.http.Handler}), the
 * request and response values, RFC 9457 problems, and the Netty pipeline stages that
 * {@link pavel.server.PavelServerInitializer} assembles.
 *
 * <p>Later features register their routes in {@link pavel.server.PavelRoutes}; they never add their own
 * catch-all handlers to the pipeline. A handler reports a client error by throwing
 * {@link pavel.server.http.HttpStatusException}; anything else it throws becomes a logged {@code 500}.
 */
@NullMarked
package pavel.server.http;

import org.jspecify.annotations.NullMarked;

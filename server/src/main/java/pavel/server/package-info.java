/**
 * The Pavel object server: command line, configuration, lifecycle and the explicit wiring of routes.
 *
 * <p>{@link pavel.server.Main} parses {@code pavel serve}, {@link pavel.server.PavelServer} owns the Netty
 * channels and executors, {@link pavel.server.PavelServerInitializer} builds each connection's pipeline and
 * {@link pavel.server.PavelRoutes} is the one place where routes are registered.
 */
@NullMarked
package pavel.server;

import org.jspecify.annotations.NullMarked;

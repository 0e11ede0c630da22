/**
 * The world's JavaScript console: a REPL with {@code world} in scope, on a loopback TCP port for {@code nc}
 * ({@link pavel.server.console.ConsoleServer}) and over HTTP for admins
 * ({@link pavel.server.console.ConsoleRoutes}, {@code POST /console/eval}). Every input and what it came to also
 * goes to the console of everyone watching, as reverse {@code POST /console} requests.
 */
@NullMarked
package pavel.server.console;

import org.jspecify.annotations.NullMarked;

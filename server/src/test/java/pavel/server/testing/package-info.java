/** Test support: a server on a free port with a client, and raw-socket HTTP for what clients won't send. */
@NullMarked
package pavel.server.testing;

import org.jspecify.annotations.NullMarked;

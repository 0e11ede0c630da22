/**
 * Sessions: one connected client, independent of the connections that carry its reverse requests. The layer
 * above sends with {@link pavel.server.session.ReverseChannel#send} and listens for resync signals on the
 * {@link pavel.server.session.SessionRegistry}.
 */
@NullMarked
package pavel.server.session;

import org.jspecify.annotations.NullMarked;

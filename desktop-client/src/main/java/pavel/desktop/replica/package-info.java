/**
 * Holding replicas over PTTH: routes the server's {@code /doc/} requests to a {@link pavel.replica.SpaceReplicas}
 * and resumes a session from the versions it holds. See {@link pavel.desktop.replica.ReplicaRoutes}.
 */
@NullMarked
package pavel.desktop.replica;

import org.jspecify.annotations.NullMarked;

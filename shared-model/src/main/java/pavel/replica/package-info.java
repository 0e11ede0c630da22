/**
 * Replicas: a client's copies of the spaces it views, kept current by the reverse requests the server sends
 * ({@code PUT|POST|DELETE /doc/{space}{path}}, {@code PUT /doc/{space}/}, {@code GET /doc/{space}/}) and answered
 * with the statuses of DESIGN.md "PTTH". Start at {@link pavel.replica.SpaceReplicas}.
 */
@NullMarked
package pavel.replica;

import org.jspecify.annotations.NullMarked;

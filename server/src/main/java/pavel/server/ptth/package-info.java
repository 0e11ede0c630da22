/**
 * PTTH, reverse HTTP, on the server's side (PTTH.md): the upgrade handshake and the reversed HTTP/1.1 client
 * on an upgraded socket ({@link pavel.server.ptth.PtthUpgradeHandler}, {@link pavel.server.ptth.ReverseExchangeHandler}),
 * and the long-poll queue resource ({@link pavel.server.ptth.PtthRoutes}), in its JSON form and its {@code message/http}
 * variant ({@code MessageHttp}). Both flavours carry the exchanges of a
 * {@link pavel.server.session.Session}.
 */
@NullMarked
package pavel.server.ptth;

import org.jspecify.annotations.NullMarked;

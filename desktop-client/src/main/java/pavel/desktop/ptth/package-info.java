/**
 * The PTTH client (A in PTTH.md): opens the upgrade handshake, then serves the requests the server sends on the
 * same socket. Used by the desktop app and the load generators; it does not depend on the server.
 */
@NullMarked
package pavel.desktop.ptth;

import org.jspecify.annotations.NullMarked;

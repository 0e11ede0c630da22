/**
 * PTTH messages shared by the server and the clients: reverse requests and their responses, and the strict JSON
 * envelope of the long-poll flavour (PTTH.md §2.3).
 */
@NullMarked
package pavel.ptth;

import org.jspecify.annotations.NullMarked;

/**
 * Ops: the changes to a document that are logged, replicated and pushed to every client.
 */
@NullMarked
package pavel.op;

import org.jspecify.annotations.NullMarked;

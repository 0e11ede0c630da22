/**
 * Live objects: named actors with JSON state, a JavaScript behaviour people rewrite while they run, a mailbox with
 * selective receive, and a Mustache view rendered into every {@code data-object} mount of every space.
 */
@NullMarked
package pavel.server.object;

import org.jspecify.annotations.NullMarked;

/**
 * Serves the browser client: the files under {@code pavel/web/} on the class path (the web-client jar),
 * each registered as an explicit route at start.
 */
@NullMarked
package pavel.server.web;

import org.jspecify.annotations.NullMarked;

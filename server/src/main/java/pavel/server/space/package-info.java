/**
 * Spaces: the shared documents, their one writer each, the REST API on {@code /doc/{space}{path}} and
 * {@code /spaces}, and the fan-out of every op to the sessions that view the space, with resyncs for those that
 * fall out of step.
 */
@NullMarked
package pavel.server.space;

import org.jspecify.annotations.NullMarked;

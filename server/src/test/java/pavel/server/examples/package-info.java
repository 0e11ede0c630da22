/** Runnable examples of the server's APIs; they live in test sources so they always compile. */
@NullMarked
package pavel.server.examples;

import org.jspecify.annotations.NullMarked;

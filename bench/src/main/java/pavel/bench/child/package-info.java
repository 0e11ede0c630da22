/** Child JVMs that the load generators start and drive by command lines. */
@NullMarked
package pavel.bench.child;

import org.jspecify.annotations.NullMarked;

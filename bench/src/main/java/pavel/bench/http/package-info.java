/** The load generators' HTTP/1.1 client connection. */
@NullMarked
package pavel.bench.http;

import org.jspecify.annotations.NullMarked;

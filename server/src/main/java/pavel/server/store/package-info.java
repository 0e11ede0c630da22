/**
 * Where the world is kept: the op log and documents of every space. In memory for now; the durability issue backs
 * {@link pavel.server.store.SpaceStore} with SQLite.
 */
@NullMarked
package pavel.server.store;

import org.jspecify.annotations.NullMarked;

/**
 * The objects benchmark (issue 5): {@link pavel.bench.objects.ObjectsLoad} starts
 * {@link pavel.bench.objects.ObjectsWorker} JVMs (the live objects in process, with the Graal compiler for Truffle,
 * without it, or with compilation turned off) and measures messages per second through one and many actors, compiled
 * against interpreted behaviours, the latency of a behaviour hot swap and the heap per idle object; over HTTP too, with
 * {@link pavel.bench.objects.HttpCasts}.
 * Run it with {@code bench/objects-load.sh}. Not part of any product.
 */
@NullMarked
package pavel.bench.objects;

import org.jspecify.annotations.NullMarked;

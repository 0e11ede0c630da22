/**
 * The durability benchmark (issue 6): {@link pavel.bench.store.DurableOps} measures durable ops per second through
 * spaces on a SQLite world with group commit against one commit per op, in the same run, and the time a world takes
 * to recover logs of 100,000 and 1,000,000 ops, each in a fresh {@link pavel.bench.store.RecoveryWorker} JVM. Run it
 * with {@code bench/durability-load.sh}. Not part of any product.
 */
@NullMarked
package pavel.bench.store;

import org.jspecify.annotations.NullMarked;

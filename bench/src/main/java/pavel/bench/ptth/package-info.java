/**
 * The PTTH load generator: {@link pavel.bench.ptth.BenchServer} runs the real {@code PavelServer} with PTTH in a
 * process of its own and measures on the server's side (from {@code Session.send} to the completed answer);
 * {@link pavel.bench.ptth.PtthLoad} starts it, opens long-poll sessions ({@link pavel.bench.ptth.LongPollClients})
 * and upgraded connections (the desktop client's {@code PtthClient}) on loopback, and drives the scenarios of
 * {@code docs/benchmarks.md}. Run it with {@code bench/ptth-load.sh}. Not part of any product.
 */
@NullMarked
package pavel.bench.ptth;

import org.jspecify.annotations.NullMarked;

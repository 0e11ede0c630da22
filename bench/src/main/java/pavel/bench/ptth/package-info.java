/**
 * The load generators: {@link pavel.bench.ptth.BenchServer} runs the real {@code PavelServer} with PTTH and spaces in
 * a process of its own ({@link pavel.bench.ptth.BenchServerProcess} starts it and talks to it).
 * {@link pavel.bench.ptth.PtthLoad} measures PTTH on the server's side (from {@code Session.send} to the completed
 * answer); {@link pavel.bench.ptth.SpacesLoad} measures the spaces from the client side (from a REST op to each
 * session's replica, {@link pavel.bench.ptth.FanOutClock}; REST writers, {@link pavel.bench.ptth.RestWriters}). Both
 * open long-poll sessions ({@link pavel.bench.ptth.LongPollClients}) and upgraded connections (the desktop client's
 * {@code PtthClient}) on loopback and drive the scenarios of {@code docs/benchmarks.md}. Run them with
 * {@code bench/ptth-load.sh} and {@code bench/spaces-load.sh}. Not part of any product.
 */
@NullMarked
package pavel.bench.ptth;

import org.jspecify.annotations.NullMarked;

/**
 * JMH benchmarks of the shared model: node path resolution against the JDK's XPath on the same tree, and op
 * apply. Run them with {@code bench/run.sh}; {@link pavel.bench.BenchDocumentCheck} prints the generated documents'
 * shape and checks that both engines select the same nodes. Not part of any product; nothing depends on it.
 */
@NullMarked
package pavel.bench;

import org.jspecify.annotations.NullMarked;

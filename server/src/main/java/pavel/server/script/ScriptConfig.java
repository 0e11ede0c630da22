package pavel.server.script;

import java.time.Duration;
import java.util.Objects;

/**
 * The budgets and limits of behaviour code. Immutable; change a copy through {@link #toBuilder()}.
 *
 * @param timeBudget the wall-clock time one message (or a behaviour's top level) may run before it is interrupted
 * @param statementLimit the most JavaScript statements one message may execute, counted afresh for each message;
 *     {@code 0} turns the count off
 * @param allocationLimit the most bytes one message may allocate, measured per thread by the watchdog; only
 *     measurable on platform threads (the JDK reports no per-thread allocation for virtual threads)
 * @param logLinesPerMessage the most {@code log(...)} lines one message may write; one more fails the message
 * @param logLineLength the longest {@code log(...)} line; longer lines are cut and marked
 * @param contextIdleTimeout how long an object's context is kept after its last message
 * @param maxContexts the most object contexts kept at once; beyond that the least recently used idle ones go
 * @param runtimeCompilation whether Truffle compiles hot code; {@code false} runs the interpreter only (for
 *     comparisons in benchmarks)
 */
public record ScriptConfig(
        Duration timeBudget,
        long statementLimit,
        long allocationLimit,
        int logLinesPerMessage,
        int logLineLength,
        Duration contextIdleTimeout,
        int maxContexts,
        boolean runtimeCompilation) {

    /**
     * One second and ten million statements per message, 64 MiB allocated, 100 log lines of up to 4,096
     * characters, contexts kept five minutes after their last message and at most 10,000 of them, compiled.
     */
    public static final ScriptConfig DEFAULTS = new ScriptConfig(
            Duration.ofSeconds(1), 10_000_000, 64L << 20, 100, 4096, Duration.ofMinutes(5), 10_000, true);

    public ScriptConfig {
        Objects.requireNonNull(timeBudget, "timeBudget");
        Objects.requireNonNull(contextIdleTimeout, "contextIdleTimeout");
        if (timeBudget.isNegative() || timeBudget.isZero()) {
            throw new IllegalArgumentException("The time budget (" + timeBudget + ") must be positive.");
        }
        if (contextIdleTimeout.isNegative() || contextIdleTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "The context idle timeout (" + contextIdleTimeout + ") must be positive.");
        }
        if (statementLimit < 0) {
            throw new IllegalArgumentException("The statement limit (" + statementLimit + ") cannot be negative.");
        }
        if (allocationLimit < 1) {
            throw new IllegalArgumentException("The allocation limit (" + allocationLimit + ") must be positive.");
        }
        if (logLinesPerMessage < 0 || logLineLength < 16) {
            throw new IllegalArgumentException("Log lines per message (" + logLinesPerMessage
                    + ") cannot be negative and the line length (" + logLineLength + ") must be at least 16.");
        }
        if (maxContexts < 1) {
            throw new IllegalArgumentException("The most contexts (" + maxContexts + ") must be positive.");
        }
    }

    public static Builder newBuilder() {
        return DEFAULTS.toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link ScriptConfig}; starts from the values it was made from. */
    public static final class Builder {
        private Duration timeBudget;
        private long statementLimit;
        private long allocationLimit;
        private int logLinesPerMessage;
        private int logLineLength;
        private Duration contextIdleTimeout;
        private int maxContexts;
        private boolean runtimeCompilation;

        private Builder(ScriptConfig from) {
            timeBudget = from.timeBudget;
            statementLimit = from.statementLimit;
            allocationLimit = from.allocationLimit;
            logLinesPerMessage = from.logLinesPerMessage;
            logLineLength = from.logLineLength;
            contextIdleTimeout = from.contextIdleTimeout;
            maxContexts = from.maxContexts;
            runtimeCompilation = from.runtimeCompilation;
        }

        public Builder timeBudget(Duration value) {
            timeBudget = value;
            return this;
        }

        public Builder statementLimit(long value) {
            statementLimit = value;
            return this;
        }

        public Builder allocationLimit(long bytes) {
            allocationLimit = bytes;
            return this;
        }

        public Builder logLinesPerMessage(int value) {
            logLinesPerMessage = value;
            return this;
        }

        public Builder logLineLength(int value) {
            logLineLength = value;
            return this;
        }

        public Builder contextIdleTimeout(Duration value) {
            contextIdleTimeout = value;
            return this;
        }

        public Builder maxContexts(int value) {
            maxContexts = value;
            return this;
        }

        public Builder runtimeCompilation(boolean value) {
            runtimeCompilation = value;
            return this;
        }

        public ScriptConfig build() {
            return new ScriptConfig(timeBudget, statementLimit, allocationLimit, logLinesPerMessage, logLineLength,
                    contextIdleTimeout, maxContexts, runtimeCompilation);
        }
    }
}

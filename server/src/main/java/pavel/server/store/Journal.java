package pavel.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the database: a thread that takes the writes queued since its last commit and makes them
 * durable in one transaction, so that many concurrent changes share one sync (group commit). A write's future
 * completes once its transaction is committed, in the order the writes were submitted; nobody else writes.
 *
 * <pre>{@code
 * journal.submit(statements -> statements.get("INSERT INTO t VALUES (1)").executeUpdate()).join();   // on disk now
 * }</pre>
 *
 * <p>When a transaction fails, each of its writes is tried again alone, so one bad write fails only itself. A write
 * whose {@link Write#apply} throws leaves nothing behind: its statements are rolled back with it. Thread-safe.
 */
final class Journal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private static final int MAX_BATCH = 4096;

    /** Something to write; runs on the journal's thread inside a transaction. */
    interface Write {
        void apply(Statements statements) throws SQLException;

        /** Runs on the journal's thread after the commit, before the write's future completes. */
        default void committed() {}
    }

    private record Queued(Write write, CompletableFuture<Void> done) {}

    /** The write connection's prepared statements, kept for the next transaction: preparing costs more than running. */
    static final class Statements {
        private final Connection connection;
        private final Map<String, PreparedStatement> prepared = new HashMap<>();

        private Statements(Connection connection) {
            this.connection = connection;
        }

        /** Closes every statement: after a failure SQLite may have left one in a state it will not run from again. */
        private void forget() {
            for (PreparedStatement statement : prepared.values()) {
                try {
                    statement.close();
                } catch (SQLException e) {
                    // it is being thrown away
                }
            }
            prepared.clear();
        }

        private void execute(String sql) throws SQLException {
            try (var statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }

        /** The statement for {@code sql}, its parameters cleared. */
        PreparedStatement get(String sql) throws SQLException {
            PreparedStatement statement = prepared.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                prepared.put(sql, statement);
            } else {
                statement.clearParameters();
            }
            return statement;
        }
    }

    private static final Queued STOP = new Queued(statements -> {}, new CompletableFuture<>());

    private final Connection connection;
    private final Statements statements;
    private final boolean groupCommit;
    private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean closed;
    /** The writes {@link #atomically} gathers on its thread instead of queueing them. */
    private final ThreadLocal<List<Queued>> gathering = new ThreadLocal<>();

    /**
     * @param connection the write connection, owned by the journal from now on (closed with it)
     * @param groupCommit true to commit everything queued in one transaction; false for one transaction per write
     */
    Journal(Connection connection, boolean groupCommit) throws SQLException {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.groupCommit = groupCommit;
        this.statements = new Statements(connection);
        // Transactions are begun and ended here, not by the driver: after some errors (a full disk) SQLite rolls a
        // transaction back by itself, and a driver that still thinks one is open would run the next statements
        // outside any transaction, each committed on its own: half a change.
        connection.setAutoCommit(true);
        thread = Thread.ofPlatform().name("pavel-journal").daemon(true).start(this::run);
    }

    /** Queues a write; the future completes when it is durable, or fails with a {@link StoreException}. */
    CompletableFuture<Void> submit(Write write) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(stopped());
            return done;
        }
        List<Queued> gathered = gathering.get();
        if (gathered != null) {
            gathered.add(new Queued(write, done));
        } else {
            queue.add(new Queued(write, done));
        }
        return done;
    }

    /**
     * Runs {@code changes} and commits the writes they submit on this thread in one transaction of their own (never
     * split, never retried one by one): all of them durable, or none. Their futures complete with the returned one.
     */
    CompletableFuture<Void> atomically(Runnable changes) {
        if (gathering.get() != null) {
            throw new IllegalStateException("Already gathering writes for one transaction on this thread.");
        }
        List<Queued> gathered = new ArrayList<>();
        gathering.set(gathered);
        try {
            changes.run();
        } catch (RuntimeException e) {
            gathered.forEach(queued -> queued.done.completeExceptionally(e));
            throw e;
        } finally {
            gathering.remove();
        }
        CompletableFuture<Void> all = submit(new Write() {
            @Override
            public void apply(Statements statements) throws SQLException {
                for (Queued queued : gathered) {
                    queued.write.apply(statements);
                }
            }

            @Override
            public void committed() {
                for (Queued queued : gathered) {
                    try {
                        queued.write.committed();
                    } catch (RuntimeException e) {
                        log.error("After a commit, updating the store's memory failed", e);
                    }
                }
            }
        });
        all.whenComplete((ok, failure) -> gathered.forEach(queued -> {
            if (failure == null) {
                queued.done.complete(null);
            } else {
                queued.done.completeExceptionally(StoreException.unwrap(failure));
            }
        }));
        return all;
    }

    /** Transactions committed so far. */
    long commits() {
        return commits.get();
    }

    /** Writes made durable so far. */
    long writes() {
        return writes.get();
    }

    private void run() {
        List<Queued> batch = new ArrayList<>();
        try {
            while (true) {
                Queued first = queue.take();
                if (first == STOP) {
                    return;
                }
                batch.add(first);
                if (groupCommit) {
                    queue.drainTo(batch, MAX_BATCH - 1);
                }
                boolean stop = batch.remove(STOP);
                commit(batch);
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            batch.forEach(queued -> queued.done.completeExceptionally(stopped()));
            List<Queued> left = new ArrayList<>();
            queue.drainTo(left);
            left.forEach(queued -> queued.done.completeExceptionally(stopped()));
        }
    }

    private void commit(List<Queued> batch) {
        try {
            statements.execute("BEGIN IMMEDIATE");
            for (Queued queued : batch) {
                queued.write.apply(statements);
            }
            statements.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            rollback();
            if (batch.size() == 1) {
                fail(batch.getFirst(), e);
            } else {
                log.debug("A group commit of {} writes failed ({}); trying each alone", batch.size(), e.toString());
                batch.forEach(queued -> commit(List.of(queued)));
            }
            return;
        }
        commits.incrementAndGet();
        writes.addAndGet(batch.size());
        for (Queued queued : batch) {
            try {
                queued.write.committed();
            } catch (RuntimeException e) {
                log.error("After a commit, updating the store's memory failed", e);
            }
            queued.done.complete(null);
        }
    }

    private static void fail(Queued queued, Exception e) {
        StoreException failure = switch (e) {
            case StoreException store -> store;
            case SQLException sql -> StoreException.of(sql);
            default -> new StoreException(StoreException.Reason.UNAVAILABLE,
                    "The store failed to write (" + e + "); the change was not kept.", e);
        };
        if (failure.reason() != StoreException.Reason.UNAVAILABLE || !(e instanceof StoreException)) {
            log.warn("A write failed: {}", failure.getMessage());
        }
        queued.done.completeExceptionally(failure);
    }

    private void rollback() {
        statements.forget();
        try {
            statements.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite rolls back by itself after some errors (a full disk among them); then there is nothing left to do.
            log.debug("Rolling back a failed transaction: {}", e.toString());
        }
    }

    private static StoreException stopped() {
        return new StoreException(StoreException.Reason.UNAVAILABLE, "The server is stopping; the change was not kept.");
    }

    /** Commits what is queued, then stops and closes the connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("Closing the database failed: {}", e.toString());
        }
    }
}

package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.db.DatabaseTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;

/**
 * A few connections to the target that take work from one queue, each piece in its own transaction,
 * as {@code pg_restore -j} does. The first failure stops the rest: queued work is not started, and
 * statements running on the other connections are cancelled.
 */
final class ParallelConnections implements AutoCloseable {

    /** Work on one connection, in a transaction of its own that it commits. */
    interface Work {
        void run(Connection connection) throws SQLException;
    }

    private final List<Connection> connections = new ArrayList<>();
    private final Duration lockTimeout;

    /** @param lockTimeout the restore's lock timeout, for messages */
    ParallelConnections(DatabaseTarget target, int count, Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
        try {
            for (int i = 0; i < count; i++) {
                Connection connection = Connections.open(target);
                connections.add(connection);
                connection.setAutoCommit(false);
            }
        } catch (SQLException | RuntimeException e) {
            close();
            throw e instanceof SQLException sql
                    ? RestoreErrors.translate(sql, null, lockTimeout)
                    : (RuntimeException) e;
        }
    }

    /**
     * Runs every piece of work, in the given order, on whichever connection is free; returns once all
     * are done, or throws the first failure once every connection stopped.
     */
    void runAll(List<Work> work) {
        ConcurrentLinkedQueue<Work> queue = new ConcurrentLinkedQueue<>(work);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (Connection connection : connections) {
            Thread thread = new Thread(() -> drain(connection, queue, failure), "parallel-restore");
            threads.add(thread);
            thread.start();
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    // the restore is being stopped: stop the work, still wait for the connections to be free
                    interrupted = true;
                    fail(failure, new IllegalStateException("the restore was interrupted"));
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private void drain(
            Connection connection, ConcurrentLinkedQueue<Work> queue, AtomicReference<RuntimeException> failure) {
        Work next;
        while (failure.get() == null && (next = queue.poll()) != null) {
            try {
                next.run(connection);
            } catch (SQLException e) {
                rollback(connection);
                fail(failure, RestoreErrors.translate(e, null, lockTimeout));
            } catch (RuntimeException e) {
                rollback(connection);
                fail(failure, e);
            }
        }
    }

    /** Keeps the first failure, and cancels what the other connections are running. */
    private void fail(AtomicReference<RuntimeException> failure, RuntimeException e) {
        if (failure.compareAndSet(null, e)) {
            for (Connection connection : connections) {
                try {
                    connection.unwrap(PGConnection.class).cancelQuery();
                } catch (SQLException ignored) {
                    // a connection that cannot be cancelled finishes its statement; its result is discarded
                }
            }
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the failure to report is the one that stopped the work
        }
    }

    @Override
    public void close() {
        connections.forEach(Connections::closeQuietly);
    }
}

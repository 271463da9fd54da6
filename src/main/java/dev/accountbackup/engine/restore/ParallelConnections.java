package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.db.DatabaseTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.postgresql.PGConnection;

/**
 * A few connections to the target that take work from one queue, each piece in its own transaction,
 * as {@code pg_restore -j} does. The first failure stops the rest: queued work is not started, and
 * statements running on the other connections are cancelled.
 */
final class ParallelConnections implements AutoCloseable {

    /**
     * Work on one connection, in a transaction of its own that it commits; it may hand on more work once done
     * (a table's index builds once the table is loaded), which joins the end of the queue.
     */
    interface Work {
        void run(Connection connection, Consumer<Work> then) throws SQLException;
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
     * Runs every piece of work, in the given order (then what it hands on), on whichever connection is free;
     * returns once all are done, or throws the first failure once every connection stopped.
     */
    void runAll(List<Work> work) {
        BlockingQueue<Work> queue = new LinkedBlockingQueue<>(work);
        AtomicInteger pending = new AtomicInteger(work.size());
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (Connection connection : connections) {
            Thread thread = new Thread(() -> drain(connection, queue, pending, failure), "parallel-restore");
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
            Connection connection,
            BlockingQueue<Work> queue,
            AtomicInteger pending,
            AtomicReference<RuntimeException> failure) {
        Consumer<Work> then = more -> {
            pending.incrementAndGet();
            queue.add(more);
        };
        while (failure.get() == null && pending.get() > 0) {
            Work next;
            try {
                next = queue.poll(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(failure, new IllegalStateException("the restore was interrupted"));
                return;
            }
            if (next == null) {
                continue; // the other connections may still hand on work
            }
            try {
                next.run(connection, then);
            } catch (SQLException e) {
                rollback(connection);
                fail(failure, RestoreErrors.translate(e, null, lockTimeout));
            } catch (RuntimeException e) {
                rollback(connection);
                fail(failure, e);
            } finally {
                pending.decrementAndGet();
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

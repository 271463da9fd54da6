package dev.accountbackup.engine.export;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands bytes to a second thread that writes them on (encryption, hashing, storage), so that
 * the readers of a table go on reading and compressing meanwhile. The hand-off is a
 * fixed set of buffers: memory stays the same whatever the table size, and a slow store slows the
 * export down instead of filling the heap.
 */
final class BackgroundWriter extends OutputStream {

    private static final int BUFFERS = 4;
    private static final int BUFFER_SIZE = 1 << 17;

    /** A filled buffer, or one of the two markers that end the stream. */
    private record Chunk(byte[] data, int length) {}

    private static final Chunk END = new Chunk(new byte[0], 0);
    private static final Chunk ABORT = new Chunk(new byte[0], 0);

    private final OutputStream target;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    /** Room for every buffer plus a marker, so handing over never blocks. */
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(BUFFERS + 1);

    private final Thread thread;
    private volatile Throwable failure;
    private boolean ended;

    /** Starts the writing thread; {@code target} is closed by it at {@link #close()}. */
    BackgroundWriter(OutputStream target, String threadName) {
        this.target = target;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[BUFFER_SIZE]);
        }
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            rethrowFailure();
            byte[] buffer;
            try {
                buffer = free.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the compression thread");
            }
            int n = Math.min(len, buffer.length);
            System.arraycopy(b, off, buffer, 0, n);
            filled.add(new Chunk(buffer, n));
            off += n;
            len -= n;
        }
    }

    /** Waits until everything is written and the target closed; throws the writing thread's failure. */
    @Override
    public void close() throws IOException {
        if (ended) {
            return;
        }
        ended = true;
        filled.add(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            stopWorker();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the compression thread");
        }
        rethrowFailure();
    }

    /** Stops the writing thread without closing the target; returns once it has stopped. */
    void abort() {
        if (ended) {
            // already closed, or close() was interrupted and stopped the thread
            joinUninterruptibly();
            return;
        }
        ended = true;
        stopWorker();
    }

    private void stopWorker() {
        filled.offer(ABORT);
        thread.interrupt();
        joinUninterruptibly();
    }

    private void joinUninterruptibly() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrowFailure() throws IOException {
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw io;
        }
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error error) {
            throw error;
        }
        if (f != null) {
            throw new UncheckedIOException(new IOException(f));
        }
    }

    private void run() {
        while (true) {
            Chunk chunk;
            try {
                chunk = filled.take();
            } catch (InterruptedException e) {
                return; // aborted
            }
            if (chunk == ABORT) {
                return;
            }
            if (chunk == END) {
                if (failure == null) {
                    try {
                        target.close();
                    } catch (Throwable t) {
                        failure = t;
                    }
                }
                return;
            }
            if (failure == null) {
                try {
                    target.write(chunk.data(), 0, chunk.length());
                } catch (Throwable t) {
                    failure = t;
                }
            }
            // after a failure buffers still come back, so the other thread never waits forever
            free.add(chunk.data());
        }
    }
}

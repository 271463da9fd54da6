package dev.accountbackup.engine.export;

import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.testing.ForwardingStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * A file-system store that misbehaves on purpose for some keys: it fails writes after a number
 * of bytes, or blocks them until the writing thread is interrupted. Records the order in which
 * objects were committed.
 */
final class FaultyStore extends ForwardingStore {

    private final Predicate<String> affected;
    private final long failAfterBytes;
    private final boolean block;
    final CountDownLatch writeBlocked = new CountDownLatch(1);
    final List<String> committed = new CopyOnWriteArrayList<>();

    private FaultyStore(Path root, Predicate<String> affected, long failAfterBytes, boolean block) {
        super(new FilesystemStore(root));
        this.affected = affected;
        this.failAfterBytes = failAfterBytes;
        this.block = block;
    }

    static FaultyStore healthy(Path root) {
        return new FaultyStore(root, key -> false, Long.MAX_VALUE, false);
    }

    /** Writes to matching keys fail once more than {@code afterBytes} bytes were written to that object. */
    static FaultyStore failingWrites(Path root, Predicate<String> keys, long afterBytes) {
        return new FaultyStore(root, keys, afterBytes, false);
    }

    /** Every write blocks until the writing thread is interrupted. */
    static FaultyStore blockingWrites(Path root) {
        return new FaultyStore(root, key -> true, Long.MAX_VALUE, true);
    }

    @Override
    public StoreOutput create(String key) throws IOException {
        StoreOutput out = delegate.create(key);
        boolean faulty = affected.test(key);
        return new StoreOutput() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (block) {
                    writeBlocked.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        throw new InterruptedIOException("write interrupted");
                    }
                }
                written += len;
                if (faulty && written > failAfterBytes) {
                    throw new IOException("simulated storage failure");
                }
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (faulty && failAfterBytes == 0) {
                    throw new IOException("simulated storage failure");
                }
                out.close();
                committed.add(key);
            }

            @Override
            public void abort() {
                out.abort();
            }
        };
    }
}

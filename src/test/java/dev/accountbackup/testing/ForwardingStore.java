package dev.accountbackup.testing;

import dev.accountbackup.engine.storage.BackupStore;
import dev.accountbackup.engine.storage.StoreOutput;
import dev.accountbackup.engine.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A real store passed through unchanged; tests extend it and override only the operation they make
 * misbehave (a full disk, a failing delete, a file replaced between two reads...).
 */
public class ForwardingStore implements BackupStore {

    protected final BackupStore delegate;

    public ForwardingStore(BackupStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public StoreOutput create(String key) throws IOException {
        return delegate.create(key);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return delegate.open(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
        return delegate.exists(key);
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        return delegate.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
        delegate.delete(key);
    }

    @Override
    public int discardUnfinished(String prefix) throws IOException {
        return delegate.discardUnfinished(prefix);
    }

    @Override
    public String uri(String key) {
        return delegate.uri(key);
    }

    @Override
    public void close() {
        delegate.close();
    }
}

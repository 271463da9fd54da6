package dev.accountbackup.engine.storage;

import java.io.OutputStream;

/** A stream that becomes a stored object when closed, or nothing at all when aborted. */
public abstract class StoreOutput extends OutputStream {

    /** Discards everything written; the object never appears. Safe to call after a failed close. */
    public abstract void abort();
}

package dev.accountbackup.engine.export;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One reader's JSON Lines cut into blocks at line ends, each compressed by the reader's own
 * thread and appended whole to the table's shared file, so lines of several readers never mix.
 * Memory is one block, whatever the table or row size: a line longer than a block goes out in
 * several blocks while the reader holds the file, so that no other reader's block lands inside it.
 */
final class BlockWriter extends OutputStream {

    /** Large enough for compression to work as well as on one stream, small enough to keep memory flat. */
    static final int BLOCK_SIZE = 1 << 20;

    private final SharedTableFile file;
    private final BlockCompressor compressor;
    private final byte[] block = new byte[BLOCK_SIZE];
    private int length;
    /** Whether this writer holds the file, in the middle of a line longer than a block. */
    private boolean holdingFile;

    BlockWriter(SharedTableFile file, BlockCompressor compressor) {
        this.file = file;
        this.compressor = compressor;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, block.length - length);
            System.arraycopy(b, off, block, length, n);
            length += n;
            off += n;
            len -= n;
            if (length == block.length) {
                writeFullBlock();
            }
        }
    }

    /** Writes what is left (whole lines) and lets go of the file. */
    void finish() throws IOException {
        try {
            if (length > 0) {
                append(length);
                length = 0;
            }
        } finally {
            release();
        }
    }

    /** Lets go of the file after a failure; what this writer held back is dropped with the file. */
    void release() {
        if (holdingFile) {
            holdingFile = false;
            file.unlock();
        }
    }

    private void writeFullBlock() throws IOException {
        int lineEnd = length;
        while (lineEnd > 0 && block[lineEnd - 1] != '\n') {
            lineEnd--;
        }
        if (lineEnd == 0) {
            // one line fills the block: keep the file until the line ends
            if (!holdingFile) {
                file.lockInterruptibly();
                holdingFile = true;
            }
            append(length);
            length = 0;
            return;
        }
        append(lineEnd);
        release();
        length -= lineEnd;
        System.arraycopy(block, lineEnd, block, 0, length);
    }

    private void append(int n) throws IOException {
        int compressed = compressor.compress(block, n);
        file.append(block, n, compressor.output(), compressed);
    }
}

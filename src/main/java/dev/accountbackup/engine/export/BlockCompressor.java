package dev.accountbackup.engine.export;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.accountbackup.engine.manifest.Compression;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses one block of JSON Lines on its own, so that several threads can compress blocks of
 * the same file at once and the blocks, written one after the other, still read as one ordinary
 * file: zstd frames follow each other, gzip blocks form one deflate stream inside the header and
 * trailer of {@link FileFraming}. One compressor per thread; not thread-safe.
 */
abstract class BlockCompressor implements AutoCloseable {

    /** zstd level 1 and gzip's fastest level, as for a file compressed in one stream. */
    static BlockCompressor of(Compression compression) {
        return switch (compression) {
            case ZSTD -> new ZstdBlocks();
            case GZIP -> new DeflateBlocks();
        };
    }

    /** Compresses {@code src[0, length)}; the result is in {@link #output()} until the next call. */
    abstract int compress(byte[] src, int length);

    abstract byte[] output();

    @Override
    public abstract void close();

    /** Each block a complete zstd frame: zstd readers continue with the next frame. */
    private static final class ZstdBlocks extends BlockCompressor {
        private final ZstdCompressCtx context = new ZstdCompressCtx();
        private byte[] output = new byte[0];

        ZstdBlocks() {
            context.setLevel(1);
        }

        @Override
        int compress(byte[] src, int length) {
            int bound = (int) Zstd.compressBound(length);
            if (output.length < bound) {
                output = new byte[bound];
            }
            return context.compressByteArray(output, 0, output.length, src, 0, length);
        }

        @Override
        byte[] output() {
            return output;
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /**
     * Each block raw deflate ended by a sync flush and never marked final: blocks compressed apart
     * concatenate into one deflate stream, as pigz writes them. (Several gzip members would be
     * valid gzip too, but Java 17's GZIPInputStream may stop reading after the first.)
     */
    private static final class DeflateBlocks extends BlockCompressor {
        private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        private byte[] output = new byte[0];

        @Override
        int compress(byte[] src, int length) {
            deflater.reset();
            deflater.setInput(src, 0, length);
            if (output.length < length / 2 + 1024) {
                output = new byte[length / 2 + 1024];
            }
            int n = 0;
            while (true) {
                int space = output.length - n;
                int written = deflater.deflate(output, n, space, Deflater.SYNC_FLUSH);
                n += written;
                if (written < space) {
                    return n;
                }
                output = Arrays.copyOf(output, output.length * 2);
            }
        }

        @Override
        byte[] output() {
            return output;
        }

        @Override
        public void close() {
            deflater.end();
        }
    }
}

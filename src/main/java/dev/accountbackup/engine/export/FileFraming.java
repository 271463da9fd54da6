package dev.accountbackup.engine.export;

import dev.accountbackup.engine.manifest.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;

/**
 * What a compressed file holds around its blocks ({@link BlockCompressor}): nothing for zstd,
 * whose frames need nothing more; for gzip one member's header and its trailer, which carries
 * the CRC-32 and size of everything the blocks hold. One per file, used under the file's lock.
 */
abstract class FileFraming {

    static FileFraming of(Compression compression) {
        return switch (compression) {
            case ZSTD -> new FileFraming() {};
            case GZIP -> new GzipMember();
        };
    }

    /** Written before the first block. */
    void start(OutputStream file) throws IOException {}

    /** Told of every block as it is written: {@code raw[0, length)} is what the block holds uncompressed. */
    void added(byte[] raw, int length) {}

    /** Written after the last block. */
    void end(OutputStream file) throws IOException {}

    private static final class GzipMember extends FileFraming {
        /** Magic, deflate, no flags, no time, no extra flags, unknown system: the header Java's own gzip writes. */
        private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0};
        /** An empty block marked final, ending the deflate stream. */
        private static final byte[] LAST_BLOCK = {3, 0};

        private final CRC32 crc = new CRC32();
        private long size;

        @Override
        void start(OutputStream file) throws IOException {
            file.write(HEADER);
        }

        @Override
        void added(byte[] raw, int length) {
            crc.update(raw, 0, length);
            size += length;
        }

        @Override
        void end(OutputStream file) throws IOException {
            file.write(LAST_BLOCK);
            writeIntLittleEndian(file, crc.getValue());
            writeIntLittleEndian(file, size); // gzip keeps the size modulo 2^32
        }

        private static void writeIntLittleEndian(OutputStream out, long value) throws IOException {
            out.write(new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)});
        }
    }
}

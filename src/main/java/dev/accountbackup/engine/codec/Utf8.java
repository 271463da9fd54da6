package dev.accountbackup.engine.codec;

/** UTF-8 encoding of single code points, for the decoders that write text byte by byte. */
final class Utf8 {

    private Utf8() {}

    /**
     * Writes {@code cp} as UTF-8 at {@code b[n]}, which has room for its bytes (at most four).
     *
     * @return the index after the code point's bytes
     */
    static int put(byte[] b, int n, int cp) {
        if (cp < 0x80) {
            b[n++] = (byte) cp;
            return n;
        }
        if (cp < 0x800) {
            b[n++] = (byte) (0xC0 | (cp >> 6));
        } else if (cp < 0x10000) {
            b[n++] = (byte) (0xE0 | (cp >> 12));
            b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        } else {
            b[n++] = (byte) (0xF0 | (cp >> 18));
            b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        }
        b[n++] = (byte) (0x80 | (cp & 0x3F));
        return n;
    }
}

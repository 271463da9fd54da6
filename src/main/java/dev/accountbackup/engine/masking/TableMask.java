package dev.accountbackup.engine.masking;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.accounts.JsonLines;
import dev.accountbackup.engine.catalog.ValueEncoding;
import dev.accountbackup.engine.manifest.TableEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The masks of one table's columns, applied to its JSON Lines as they stream by: each row's fields
 * are found in its bytes and copied, with the masked columns' values replaced; the other columns'
 * values are copied as the bytes they are, never decoded nor written anew.
 */
public final class TableMask {

    /** A masked column: its rule and type. */
    record Column(MaskRule rule, ColumnType type) {}

    private final TableEntry table;
    private final Map<String, Column> columns;
    private final MaskSalt salt;

    TableMask(TableEntry table, Map<String, Column> columns, MaskSalt salt) {
        this.table = table;
        this.columns = Map.copyOf(columns);
        this.salt = salt;
    }

    TableEntry table() {
        return table;
    }

    Map<String, Column> columns() {
        return columns;
    }

    /** The rows of {@code jsonLines}, masked, as JSON Lines. */
    public InputStream mask(InputStream jsonLines) {
        return new MaskedInput(jsonLines, new LineMasker());
    }

    /** Masks the JSON Lines written to it and passes them on to {@code out}; {@code close} closes {@code out}. */
    public OutputStream mask(OutputStream out) {
        return new MaskedOutput(out, new LineMasker());
    }

    /** Masks one row at a time, with its own hash: one per stream. */
    private final class LineMasker {

        /** The masked columns, their names as the rows' JSON writes them. */
        private final MaskedField[] fields;

        private final Buffer out = new Buffer();
        private long row;

        LineMasker() {
            KeyedHash hash = new KeyedHash(salt);
            fields = columns.entrySet().stream()
                    .map(e -> new MaskedField(
                            e.getKey(),
                            e.getKey().getBytes(StandardCharsets.UTF_8),
                            ValueMasks.of(
                                    e.getValue().rule(),
                                    table.displayName() + "." + e.getKey(),
                                    e.getValue().type(),
                                    hash),
                            e.getValue().type().encoding()))
                    .toArray(MaskedField[]::new);
        }

        /**
         * Appends the masked row and a newline to {@link #out}: the bytes of the columns that are not masked are
         * copied as they are, only the masked values are decoded and written anew.
         */
        void mask(byte[] b, int offset, int length) throws IOException {
            row++;
            int end = offset + length;
            int p = JsonRowBytes.skipWhitespace(b, offset, end);
            if (p == end || b[p] != '{') {
                throw corrupt("is not a JSON object");
            }
            out.write('{');
            boolean first = true;
            p = JsonRowBytes.skipWhitespace(b, p + 1, end);
            if (p < end && b[p] == '}') {
                p++;
            } else {
                while (true) {
                    if (p == end || b[p] != '"') {
                        throw corrupt("is not valid JSON");
                    }
                    int keyEnd = JsonRowBytes.stringEnd(b, p, end);
                    int colon = keyEnd < 0 ? -1 : JsonRowBytes.skipWhitespace(b, keyEnd, end);
                    if (colon < 0 || colon == end || b[colon] != ':') {
                        throw corrupt("is not valid JSON");
                    }
                    int valueStart = JsonRowBytes.skipWhitespace(b, colon + 1, end);
                    int valueEnd = JsonRowBytes.valueEnd(b, valueStart, end);
                    if (valueEnd < 0) {
                        throw corrupt("is not valid JSON");
                    }
                    MaskedField field = field(b, p, keyEnd);
                    if (field == null || isNull(b, valueStart, valueEnd)) { // NULL stays NULL
                        first = separate(first);
                        out.write(b, p, valueEnd - p);
                    } else {
                        String masked = masked(field.mask, b, valueStart, valueEnd);
                        if (masked != null || field.encoding != ValueEncoding.JSON) {
                            first = separate(first); // in a jsonb column, SQL NULL is a missing key
                            out.write(b, p, keyEnd - p);
                            out.write(':');
                            write(masked, field.encoding);
                        }
                    }
                    p = JsonRowBytes.skipWhitespace(b, valueEnd, end);
                    if (p < end && b[p] == ',') {
                        p = JsonRowBytes.skipWhitespace(b, p + 1, end);
                    } else if (p < end && b[p] == '}') {
                        p++;
                        break;
                    } else {
                        throw corrupt("is not valid JSON");
                    }
                }
            }
            if (JsonRowBytes.skipWhitespace(b, p, end) != end) {
                throw corrupt("is not one JSON object");
            }
            out.write('}');
            out.write('\n');
        }

        private boolean separate(boolean first) {
            if (!first) {
                out.write(',');
            }
            return false;
        }

        /** The masked column whose name is the string from {@code start} to {@code end}; null if not masked. */
        private MaskedField field(byte[] b, int start, int end) {
            if (JsonRowBytes.escaped(b, start, end)) {
                String name = decoded(b, start, end);
                for (MaskedField f : fields) {
                    if (f.name.equals(name)) {
                        return f;
                    }
                }
                return null;
            }
            for (MaskedField f : fields) {
                if (JsonRowBytes.equal(b, start + 1, end - 1, f.utf8)) {
                    return f;
                }
            }
            return null;
        }

        private static boolean isNull(byte[] b, int start, int end) {
            return end - start == 4
                    && b[start] == 'n'
                    && b[start + 1] == 'u'
                    && b[start + 2] == 'l'
                    && b[start + 3] == 'l';
        }

        /** The masked value of the value from {@code start} to {@code end}; NULL for an object or an array. */
        private String masked(ValueMask mask, byte[] b, int start, int end) {
            if (!mask.readsValue()) {
                return mask.mask(null);
            }
            String text = text(b, start, end);
            return text == null ? null : mask.mask(text);
        }

        /** A scalar's text (a string decoded, a number or literal as written); null for an object or an array. */
        private String text(byte[] b, int start, int end) {
            return switch (b[start]) {
                case '"' -> decoded(b, start, end);
                case '{', '[' -> null;
                default -> new String(b, start, end - start, StandardCharsets.ISO_8859_1);
            };
        }

        private String decoded(byte[] b, int start, int end) {
            try {
                return JsonRowBytes.decode(b, start, end);
            } catch (IllegalArgumentException e) {
                throw corrupt("is not valid JSON");
            }
        }

        private void write(String masked, ValueEncoding encoding) {
            if (masked == null) {
                out.writeAscii("null");
            } else if (encoding == ValueEncoding.NUMBER) {
                out.writeAscii(masked);
            } else {
                out.write('"');
                for (byte c : masked.getBytes(StandardCharsets.UTF_8)) {
                    if (c == '"' || c == '\\') {
                        out.write('\\');
                        out.write(c);
                    } else if (c >= 0 && c < 0x20) {
                        out.writeAscii(String.format("\\u%04x", (int) c));
                    } else {
                        out.write(c);
                    }
                }
                out.write('"');
            }
        }

        private BackupException corrupt(String what) {
            return new BackupException(
                    Kind.CORRUPT, "row " + row + " of the backup file of table " + table.displayName() + " " + what);
        }
    }

    /** A masked column: its name as JSON bytes, its mask and how its values are written. */
    private record MaskedField(String name, byte[] utf8, ValueMask mask, ValueEncoding encoding) {}

    /** A growable buffer whose bytes can be read without a copy. */
    private static final class Buffer {
        private byte[] buf = new byte[1 << 16];
        private int count;

        void write(int b) {
            if (count == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[count++] = (byte) b;
        }

        void write(byte[] b, int off, int len) {
            if (count + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        void writeAscii(String s) {
            for (int i = 0; i < s.length(); i++) {
                write(s.charAt(i));
            }
        }

        byte[] bytes() {
            return buf;
        }

        int size() {
            return count;
        }

        void clear() {
            count = 0;
        }
    }

    /** Masked rows, read line by line on demand. */
    private static final class MaskedInput extends InputStream {

        private final InputStream input;
        private final JsonLines lines;
        private final LineMasker masker;
        private int position;

        MaskedInput(InputStream input, LineMasker masker) {
            this.input = input;
            this.lines = new JsonLines(input);
            this.masker = masker;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            Buffer out = masker.out;
            if (position == out.size()) {
                out.clear();
                position = 0;
                // a batch of rows per refill keeps the per-call overhead low
                while (out.size() < (1 << 16) && lines.next()) {
                    masker.mask(lines.buffer(), lines.start(), lines.length());
                }
                if (out.size() == 0) {
                    return -1;
                }
            }
            int n = Math.min(len, out.size() - position);
            System.arraycopy(out.bytes(), position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            input.close();
        }
    }

    /** Masks rows as they are written, a line at a time. */
    private static final class MaskedOutput extends OutputStream {

        private final OutputStream out;
        private final LineMasker masker;
        private final Buffer partial = new Buffer();

        MaskedOutput(OutputStream out, LineMasker masker) {
            this.out = out;
            this.masker = masker;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int from = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                if (b[i] == '\n') {
                    if (partial.size() > 0) {
                        partial.write(b, from, i - from);
                        line(partial.bytes(), 0, partial.size());
                        partial.clear();
                    } else if (i > from) {
                        line(b, from, i - from);
                    }
                    from = i + 1;
                }
            }
            if (from < end) {
                if (partial.size() + (end - from) > JsonLines.MAX_LINE) {
                    throw new IOException("a row is larger than " + (JsonLines.MAX_LINE >> 20) + " MiB");
                }
                partial.write(b, from, end - from);
            }
        }

        private void line(byte[] b, int off, int len) throws IOException {
            masker.mask(b, off, len);
            out.write(masker.out.bytes(), 0, masker.out.size());
            masker.out.clear();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (partial.size() > 0) {
                line(partial.bytes(), 0, partial.size());
                partial.clear();
            }
            out.close();
        }
    }
}

package dev.accountbackup.engine.masking;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.accounts.JsonLines;
import dev.accountbackup.engine.catalog.ValueEncoding;
import dev.accountbackup.engine.manifest.TableEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The masks of one table's columns, applied to its JSON Lines as they stream by: each row is
 * parsed token by token and copied, with the masked columns' values replaced; no row is built
 * as a tree, and the other columns' values are copied exactly (numbers digit for digit).
 */
public final class TableMask {

    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(1_000_000)
                    .maxNestingDepth(10_000)
                    .build())
            .streamWriteConstraints(
                    StreamWriteConstraints.builder().maxNestingDepth(10_000).build())
            .rootValueSeparator((String) null)
            .build();

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

    /** The rows of {@code jsonLines}, masked, as JSON Lines. */
    public InputStream mask(InputStream jsonLines) {
        return new MaskedInput(jsonLines, new LineMasker());
    }

    /** Masks the JSON Lines written to it and passes them on to {@code out}; {@code close} closes {@code out}. */
    public OutputStream mask(OutputStream out) {
        return new MaskedOutput(out, new LineMasker());
    }

    /** Masks one row at a time, with its own hash and generator: one per stream. */
    private final class LineMasker {

        private final Map<String, ValueMask> masks = new HashMap<>();
        private final Map<String, ValueEncoding> encodings = new HashMap<>();
        private final Buffer out = new Buffer();
        private final JsonGenerator generator;
        private long row;

        LineMasker() {
            KeyedHash hash = new KeyedHash(salt);
            columns.forEach((name, column) -> {
                masks.put(name, ValueMasks.of(column.rule(), table.displayName() + "." + name, column.type(), hash));
                encodings.put(name, column.type().encoding());
            });
            try {
                generator = JSON.createGenerator(out);
            } catch (IOException e) {
                throw new IllegalStateException("a generator into memory cannot fail", e);
            }
        }

        /** Appends the masked row and a newline to {@link #out}. */
        void mask(byte[] line, int offset, int length) throws IOException {
            row++;
            try (JsonParser p = JSON.createParser(line, offset, length)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw corrupt("is not a JSON object");
                }
                generator.writeStartObject();
                JsonToken token;
                while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    ValueMask mask = masks.get(name);
                    if (mask == null || value == JsonToken.VALUE_NULL) {
                        generator.writeFieldName(name);
                        copy(p, value);
                    } else {
                        String text = value.isScalarValue() ? p.getText() : null;
                        p.skipChildren();
                        writeMasked(name, text == null ? null : mask.mask(text));
                    }
                }
                if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                    throw corrupt("is not one JSON object");
                }
                generator.writeEndObject();
                generator.flush();
                out.write('\n');
            } catch (JsonProcessingException e) {
                throw corrupt("is not valid JSON");
            }
        }

        private void writeMasked(String name, String masked) throws IOException {
            ValueEncoding encoding = encodings.get(name);
            if (masked == null) {
                if (encoding != ValueEncoding.JSON) { // in a jsonb column, SQL NULL is a missing key
                    generator.writeFieldName(name);
                    generator.writeNull();
                }
                return;
            }
            generator.writeFieldName(name);
            if (encoding == ValueEncoding.NUMBER) {
                generator.writeNumber(masked);
            } else {
                generator.writeString(masked);
            }
        }

        /** Copies the value at {@code token}, numbers as their exact digits. */
        private void copy(JsonParser p, JsonToken token) throws IOException {
            switch (token) {
                case START_OBJECT -> {
                    generator.writeStartObject();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        generator.writeFieldName(p.currentName());
                        copy(p, p.nextToken());
                    }
                    generator.writeEndObject();
                }
                case START_ARRAY -> {
                    generator.writeStartArray();
                    JsonToken element;
                    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                        copy(p, element);
                    }
                    generator.writeEndArray();
                }
                case VALUE_STRING -> generator.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(p.getText());
                case VALUE_TRUE -> generator.writeBoolean(true);
                case VALUE_FALSE -> generator.writeBoolean(false);
                case VALUE_NULL -> generator.writeNull();
                default -> throw corrupt("is not valid JSON");
            }
        }

        private BackupException corrupt(String what) {
            return new BackupException(
                    Kind.CORRUPT, "row " + row + " of the backup file of table " + table.displayName() + " " + what);
        }
    }

    /** A growable buffer whose bytes can be read without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
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

package dev.accountbackup.engine.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.accountbackup.engine.catalog.ColumnSchema;
import dev.accountbackup.engine.catalog.ValueEncoding;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The COPY text to JSON Lines conversion on hand-made COPY output, byte by byte. */
class CopyTextToJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ColumnSchema column(String name, ValueEncoding encoding) {
        return column(name, encoding, null);
    }

    private static ColumnSchema column(String name, ValueEncoding encoding, ValueEncoding element) {
        return new ColumnSchema(name, 1, "t", true, false, false, '\0', null, encoding, element, 0);
    }

    private static String convert(List<ColumnSchema> columns, String copyText) throws Exception {
        return new String(
                CopyTextToJson.convert(columns, copyText.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static String one(ValueEncoding encoding, String field) throws Exception {
        return one(encoding, null, field);
    }

    /** The JSON text of one value converted from one COPY field. */
    private static String one(ValueEncoding encoding, ValueEncoding element, String field) throws Exception {
        String line = convert(List.of(column("v", encoding, element)), field + "\n");
        assertTrue(line.startsWith("{\"v\":") && line.endsWith("}\n"), line);
        return line.substring(5, line.length() - 2);
    }

    @Test
    void writesOneObjectPerRowWithKeysInColumnOrder() throws Exception {
        List<ColumnSchema> columns = List.of(
                column("id", ValueEncoding.NUMBER),
                column("name", ValueEncoding.STRING),
                column("ok", ValueEncoding.BOOLEAN));
        assertEquals(
                "{\"id\":1,\"name\":\"a\",\"ok\":true}\n{\"id\":2,\"name\":null,\"ok\":false}\n",
                convert(columns, "1\ta\tt\n2\t\\N\tf\n"));
    }

    @Test
    void decodesCopyEscapesAndWritesJsonEscapes() throws Exception {
        assertEquals(
                "\"a\\tb\\nc\\rd\\\\e\\\"f\\bg\\fh\\u000bi\"",
                one(ValueEncoding.STRING, "a\\tb\\nc\\rd\\\\e\"f\\bg\\fh\\vi"));
        // control characters COPY sends raw, octal and hex escapes COPY accepts
        assertEquals("\"\\u0001\\u001f\u007f\"", one(ValueEncoding.STRING, "\u0001\u001f\u007f"));
        assertEquals("\"A\\u0001B\"", one(ValueEncoding.STRING, "\\101\\1\\x42"));
        assertEquals("\"xy\"", one(ValueEncoding.STRING, "\\xy"));
        assertEquals("\"\\\\N\"", one(ValueEncoding.STRING, "\\\\N"));
        assertEquals("\"\"", one(ValueEncoding.STRING, ""));
    }

    @Test
    void keepsUtf8BytesRaw() throws Exception {
        String text = "Zoë 😀 𝄞 محمد 山田";
        assertEquals("\"" + text + "\"", one(ValueEncoding.STRING, text));
    }

    @Test
    void escapesColumnNamesInKeys() throws Exception {
        String line = convert(
                List.of(column("we\"ird\\name\t", ValueEncoding.NUMBER), column("ü", ValueEncoding.NUMBER)), "1\t2\n");
        JsonNode node = MAPPER.readTree(line);
        assertEquals(1, node.get("we\"ird\\name\t").asInt());
        assertEquals(2, node.get("ü").asInt());
    }

    @Test
    void numbersAndDecimalsKeepTheirDigits() throws Exception {
        assertEquals("-9223372036854775808", one(ValueEncoding.NUMBER, "-9223372036854775808"));
        assertEquals(
                "123456789012345678901234567890.123456789000",
                one(ValueEncoding.DECIMAL, "123456789012345678901234567890.123456789000"));
        assertEquals("1e+20", one(ValueEncoding.DECIMAL, "1e+20"));
        assertEquals("-0", one(ValueEncoding.DECIMAL, "-0"));
        assertEquals("\"NaN\"", one(ValueEncoding.DECIMAL, "NaN"));
        assertEquals("\"Infinity\"", one(ValueEncoding.DECIMAL, "Infinity"));
        assertEquals("\"-Infinity\"", one(ValueEncoding.DECIMAL, "-Infinity"));
    }

    @Test
    void embedsJsonbAfterDecodingCopyEscapes() throws Exception {
        assertEquals("{\"a\": \"x\\\"y\\\\z\\n\"}", one(ValueEncoding.JSON, "{\"a\": \"x\\\\\"y\\\\\\\\z\\\\n\"}"));
    }

    @Test
    void writesByteaAsBase64() throws Exception {
        assertEquals("\"\"", one(ValueEncoding.BASE64, "\\\\x"));
        for (int n = 1; n <= 7; n++) {
            byte[] bytes = new byte[n];
            StringBuilder hex = new StringBuilder("\\\\x");
            for (int i = 0; i < n; i++) {
                bytes[i] = (byte) (i * 77 + 200);
                hex.append(String.format("%02x", bytes[i] & 0xFF));
            }
            assertEquals(
                    "\"" + Base64.getEncoder().encodeToString(bytes) + "\"", one(ValueEncoding.BASE64, hex.toString()));
        }
    }

    @Test
    void convertsArrayLiterals() throws Exception {
        assertEquals("[]", one(ValueEncoding.ARRAY, ValueEncoding.NUMBER, "{}"));
        assertEquals("[[1,2],[3,null]]", one(ValueEncoding.ARRAY, ValueEncoding.NUMBER, "{{1,2},{3,NULL}}"));
        // COPY escapes the array's own backslashes: {"a\\"b", ...} arrives with each backslash doubled
        assertEquals(
                "[\"a\\\"b\",\"c,d\",\"e\\\\f\",null,\"NULL\",\"\",\" sp \"]",
                one(
                        ValueEncoding.ARRAY,
                        ValueEncoding.STRING,
                        "{\"a\\\\\"b\",\"c,d\",\"e\\\\\\\\f\",NULL,\"NULL\",\"\",\" sp \"}"));
        assertEquals(
                "[\"NaN\",1.5,\"-Infinity\"]", one(ValueEncoding.ARRAY, ValueEncoding.DECIMAL, "{NaN,1.5,-Infinity}"));
        assertEquals("[true,false,null]", one(ValueEncoding.ARRAY, ValueEncoding.BOOLEAN, "{t,f,NULL}"));
        assertEquals(
                "[\"AQI=\",\"\"]", one(ValueEncoding.ARRAY, ValueEncoding.BASE64, "{\"\\\\\\\\x0102\",\"\\\\\\\\x\"}"));
        assertEquals(
                "[{\"a\": 1},[2]]", one(ValueEncoding.ARRAY, ValueEncoding.JSON, "{\"{\\\\\"a\\\\\": 1}\",\"[2]\"}"));
        assertEquals("\"[0:1]={1,2}\"", one(ValueEncoding.ARRAY, ValueEncoding.NUMBER, "[0:1]={1,2}"));
        assertEquals(
                "[\"line\\nbreak\",\"tab\\there\"]",
                one(ValueEncoding.ARRAY, ValueEncoding.STRING, "{\"line\\nbreak\",\"tab\\there\"}"));
        assertEquals("[\"a b\",\"x\"]", one(ValueEncoding.ARRAY, ValueEncoding.STRING, "{  a b  , x }"));
    }

    @Test
    void acceptsRowsSplitAnywhereAcrossChunks() throws Exception {
        List<ColumnSchema> columns = List.of(
                column("id", ValueEncoding.NUMBER),
                column("t", ValueEncoding.STRING),
                column("a", ValueEncoding.ARRAY, ValueEncoding.STRING),
                column("b", ValueEncoding.BASE64));
        byte[] copy = "1\tZoë \\t 😀\t{x,\"y z\"}\t\\\\x00ff\n2\t\\N\t\\N\t\\N\n3\t\t{}\t\\\\x\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] whole = CopyTextToJson.convert(columns, copy);
        for (int chunk = 1; chunk <= copy.length; chunk++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CopyTextToJson converter = new CopyTextToJson(columns, out, 16);
            for (int off = 0; off < copy.length; off += chunk) {
                converter.write(copy, off, Math.min(chunk, copy.length - off));
            }
            converter.finish();
            assertEquals(
                    new String(whole, StandardCharsets.UTF_8),
                    out.toString(StandardCharsets.UTF_8),
                    "chunk size " + chunk);
            assertEquals(3, converter.rows());
        }
        List<String> lines = new String(whole, StandardCharsets.UTF_8).lines().toList();
        assertEquals("Zoë \t 😀", MAPPER.readTree(lines.get(0)).get("t").asText());
        assertEquals("AP8=", MAPPER.readTree(lines.get(0)).get("b").asText());
    }

    @Test
    void largeValuesPassThroughASmallBuffer() throws Exception {
        String big = "é\\\\\"".repeat(50_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyTextToJson converter = new CopyTextToJson(List.of(column("t", ValueEncoding.STRING)), out, 64);
        byte[] row = (big + "\n").getBytes(StandardCharsets.UTF_8);
        converter.write(row, 0, row.length);
        converter.finish();
        assertEquals(
                "é\\\"".repeat(50_000),
                MAPPER.readTree(out.toByteArray()).get("t").asText());
    }

    /** Random text with specials at every offset, so word-at-a-time scanning meets them in every lane. */
    @Test
    void randomTextSurvivesExactly() throws Exception {
        java.util.Random random = new java.util.Random(42);
        String[] alphabet = {
            "a", "b", "X", "0", "9", " ", "{", "}", ",", "\t", "\n", "\r", "\"", "\\", "\u0001", "\u001f", "\u007f",
            "\u00e9", "\u4e2d", "😀", "𝄞", "محمد"
        };
        List<ColumnSchema> columns = List.of(
                column("t", ValueEncoding.STRING),
                column("j", ValueEncoding.STRING),
                column("n", ValueEncoding.NUMBER));
        for (int round = 0; round < 2000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String value = text.toString();
            String line = convert(columns, copyEscape(value) + "\t" + copyEscape(value + value) + "\t" + round + "\n");
            JsonNode node = MAPPER.readTree(line);
            assertEquals(value, node.get("t").asText(), "round " + round);
            assertEquals(value + value, node.get("j").asText(), "round " + round);
            assertEquals(round, node.get("n").asInt());
        }
    }

    /** COPY text escaping as PostgreSQL does it. */
    private static String copyEscape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    @Test
    void tableWithoutColumnsGivesEmptyObjects() throws Exception {
        assertEquals("{}\n{}\n", convert(List.of(), "\n\n"));
    }

    @Test
    void malformedInputIsAnErrorThatNamesRowAndColumnButNotTheValue() {
        List<ColumnSchema> columns =
                List.of(column("id", ValueEncoding.NUMBER), column("secret", ValueEncoding.BOOLEAN));
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"1\tt\n2\n", "row 2, column id: the row has 1 fields, expected 2"});
        cases.add(new String[] {
            "1\tt\textra-private\n", "row 1, column secret: the row has more than the 2 expected fields"
        });
        cases.add(new String[] {"1\tyes-private\n", "row 1, column secret: a boolean is neither t nor f"});
        cases.add(new String[] {
            "1x-private\tt\n", "row 1, column id: a number has a character that is not part of a number"
        });
        cases.add(new String[] {"1\tt\n2\tf", "row 2 is incomplete: the COPY output ended inside it"});
        for (String[] c : cases) {
            CopyFormatException e = assertThrows(
                    CopyFormatException.class,
                    () -> CopyTextToJson.convert(columns, c[0].getBytes(StandardCharsets.UTF_8)),
                    c[0]);
            assertEquals(c[1], e.getMessage());
            assertFalse(e.getMessage().contains("private"));
        }
        assertThrows(CopyFormatException.class, () -> one(ValueEncoding.BASE64, "\\\\x0"));
        assertThrows(CopyFormatException.class, () -> one(ValueEncoding.BASE64, "\\\\xzz"));
        assertThrows(CopyFormatException.class, () -> one(ValueEncoding.BASE64, "abc"));
        assertThrows(CopyFormatException.class, () -> one(ValueEncoding.ARRAY, ValueEncoding.NUMBER, "{1,2"));
        assertThrows(CopyFormatException.class, () -> one(ValueEncoding.ARRAY, ValueEncoding.NUMBER, "{1,2}x"));
        assertThrows(CopyFormatException.class, () -> one(ValueEncoding.ARRAY, ValueEncoding.STRING, "{\"a}"));
        assertThrows(
                CopyFormatException.class, () -> one(ValueEncoding.ARRAY, ValueEncoding.NUMBER, "{{{{{{{1}}}}}}}"));
        assertThrows(CopyFormatException.class, () -> one(ValueEncoding.STRING, "ends with \\"));
    }
}

package dev.accountbackup.engine.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.accountbackup.engine.catalog.ValueEncoding;
import dev.accountbackup.engine.codec.JsonToCopyText.Column;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonToCopyTextTest {

    private static Column col(String name, ValueEncoding encoding) {
        return new Column(name, encoding, null);
    }

    private static Column array(String name, ValueEncoding elements) {
        return new Column(name, ValueEncoding.ARRAY, elements);
    }

    private static String copy(List<Column> columns, String jsonLines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonToCopyText(columns).transfer(new ByteArrayInputStream(jsonLines.getBytes(StandardCharsets.UTF_8)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void textIsEscapedForCopyAndNullBecomesBackslashN() throws IOException {
        String out = copy(
                List.of(col("a", ValueEncoding.STRING), col("b", ValueEncoding.STRING)),
                "{\"a\":\"x\\ty\\nz\\\\w\\r\\\"q\\\"\",\"b\":null}\n");
        assertEquals("x\\ty\\nz\\\\w\\r\"q\"\t\\N\n", out);
    }

    @Test
    void unicodeEscapesAndRawUtf8GiveTheSameBytes() throws IOException {
        String raw = copy(List.of(col("a", ValueEncoding.STRING)), "{\"a\":\"é😀山𝄞\"}\n");
        String escaped = copy(
                List.of(col("a", ValueEncoding.STRING)), "{\"a\":\"\\u00e9\\ud83d\\ude00\\u5c71\\uD834\\uDD1E\"}\n");
        assertEquals("é😀山𝄞\n", raw);
        assertEquals(raw, escaped);
    }

    @Test
    void keysInAnyOrderMissingKeysAreNullUnknownKeysAreSkipped() throws IOException {
        List<Column> cols =
                List.of(col("a", ValueEncoding.STRING), col("b", ValueEncoding.NUMBER), col("c", ValueEncoding.NUMBER));
        String out = copy(
                cols,
                "{\"c\":1,\"gone\":{\"deep\":[1,{\"x\":\"}\"}]},\"a\":\"A\"}\n  \r\n{\"b\":2, \"a\" : \"B\" ,\"c\":3}");
        assertEquals("A\t\\N\t1\nB\t2\t3\n", out);
    }

    @Test
    void numbersAndBooleansKeepTheirExactText() throws IOException {
        List<Column> cols = List.of(
                col("n", ValueEncoding.NUMBER),
                col("d", ValueEncoding.DECIMAL),
                col("f", ValueEncoding.DECIMAL),
                col("b", ValueEncoding.BOOLEAN),
                col("s", ValueEncoding.STRING),
                col("nan", ValueEncoding.DECIMAL));
        String out = copy(
                cols,
                "{\"n\":-9223372036854775808,\"d\":0.10,\"f\":-1.5e-07,\"b\":false,\"s\":12.50,\"nan\":\"NaN\"}\n");
        assertEquals("-9223372036854775808\t0.10\t-1.5e-07\tfalse\t12.50\tNaN\n", out);
    }

    @Test
    void base64BecomesEscapedHexForBytea() throws IOException {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : all) {
            hex.append(String.format("%02x", b & 0xFF));
        }
        String b64 = Base64.getEncoder().encodeToString(all);
        String out = copy(
                List.of(col("b", ValueEncoding.BASE64), col("e", ValueEncoding.BASE64), col("u", ValueEncoding.BASE64)),
                "{\"b\":\"" + b64 + "\",\"e\":\"\",\"u\":\"AQI\"}\n");
        assertEquals("\\\\x" + hex + "\t\\\\x\t\\\\x0102\n", out);
    }

    @Test
    void jsonbIsCopiedByteForByteSoNumbersKeepTheirText() throws IOException {
        String doc =
                "{\"n\": 1.00, \"big\": 1e400, \"s\": \"a\\\"b\\\\c\\u00e9\", \"nested\": [{\"é\": \"😀\"}, [], {}]}";
        String out = copy(
                List.of(col("j", ValueEncoding.JSON), col("s", ValueEncoding.JSON), col("n", ValueEncoding.JSON)),
                "{\"j\":" + doc + ",\"s\":\"just a string\",\"n\":1.000}\n");
        assertEquals(doc.replace("\\", "\\\\") + "\t\"just a string\"\t1.000\n", out);
    }

    @Test
    void arraysBecomeLiteralsWithEveryElementQuoted() throws IOException {
        List<Column> cols = List.of(
                array("t", ValueEncoding.STRING),
                array("m", ValueEncoding.NUMBER),
                array("e", ValueEncoding.STRING),
                array("bounds", ValueEncoding.NUMBER),
                array("b", ValueEncoding.BASE64),
                array("j", ValueEncoding.JSON));
        String out = copy(
                cols,
                "{\"t\":[\"a\",null,\"b \\\"q\\\"\",\"c\\\\d\",\"NULL\",\"x,y\",\"\",\"{}\"],"
                        + "\"m\":[[1,2],[3,null]],\"e\":[],\"bounds\":\"[0:1]={1,2}\",\"b\":[\"AAE=\",null],"
                        + "\"j\":[{\"a\":1},[1,2],\"s\",null]}\n");
        String expected = "{\"a\",NULL,\"b \\\\\"q\\\\\"\",\"c\\\\\\\\d\",\"NULL\",\"x,y\",\"\",\"{}\"}"
                + "\t{{\"1\",\"2\"},{\"3\",NULL}}\t{}\t[0:1]={1,2}\t{\"\\\\\\\\x0001\",NULL}"
                + "\t{\"{\\\\\"a\\\\\":1}\",\"[1,2]\",\"\\\\\"s\\\\\"\",NULL}\n";
        assertEquals(expected, out);
    }

    @Test
    void manyLongRowsAcrossBufferBoundariesKeepTheirJson() throws IOException {
        StringBuilder in = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        List<Column> cols = List.of(
                col("id", ValueEncoding.NUMBER), col("doc", ValueEncoding.JSON), col("t", ValueEncoding.STRING));
        for (int i = 0; i < 5000; i++) {
            String doc = "{\"i\": " + i + ".00, \"pad\": \"" + "x".repeat(i % 300) + "\"}";
            String text = "row " + i + " " + "é".repeat(i % 50);
            in.append("{\"id\":")
                    .append(i)
                    .append(",\"doc\":")
                    .append(doc)
                    .append(",\"t\":\"")
                    .append(text)
                    .append("\"}\n");
            expected.append(i)
                    .append('\t')
                    .append(doc)
                    .append('\t')
                    .append(text)
                    .append('\n');
        }
        in.append("{\"id\":1,\"doc\":{\"big\":\"").append("y".repeat(300_000)).append("\"},\"t\":null}\n");
        expected.append("1\t{\"big\":\"").append("y".repeat(300_000)).append("\"}\t\\N\n");
        assertEquals(expected.toString(), copy(cols, in.toString()));
    }

    @Test
    void transferReturnsTheNumberOfRows() throws IOException {
        JsonToCopyText decoder = new JsonToCopyText(List.of(col("a", ValueEncoding.NUMBER)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(
                3,
                decoder.transfer(
                        new ByteArrayInputStream("{\"a\":1}\n{\"a\":2}\n{}\n".getBytes(StandardCharsets.UTF_8)), out));
        assertEquals(0, decoder.transfer(new ByteArrayInputStream(new byte[0]), out));
    }

    @Test
    void invalidJsonNamesTheRowButNotTheContent() {
        List<Column> cols = List.of(col("secret", ValueEncoding.STRING));
        JsonToCopyTextException e = assertThrows(
                JsonToCopyTextException.class,
                () -> copy(cols, "{\"secret\":\"ok\"}\n{\"secret\":\"hunter2\" oops}\n"));
        assertEquals(2, e.row());
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2") || e.getMessage().contains("oops"), e.getMessage());
    }

    @Test
    void aRowThatIsNotAnObjectIsRejected() {
        JsonToCopyTextException e = assertThrows(
                JsonToCopyTextException.class,
                () -> copy(List.of(col("a", ValueEncoding.STRING)), "{\"a\":\"x\"}\n[\"a\"]\n"));
        assertEquals("row 2: is not a JSON object", e.getMessage());
    }

    @Test
    void aTruncatedFileIsReported() {
        JsonToCopyTextException e = assertThrows(
                JsonToCopyTextException.class,
                () -> copy(List.of(col("a", ValueEncoding.STRING)), "{\"a\":\"x\"}\n{\"a\":\"y"));
        assertTrue(e.getMessage().startsWith("row 2: the file ends in the middle of a row"), e.getMessage());
    }

    @Test
    void invalidValuesNameRowAndColumnButNotTheValue() {
        List<Column> cols = List.of(
                col("id", ValueEncoding.NUMBER),
                col("totp", ValueEncoding.BASE64),
                array("tags", ValueEncoding.STRING));
        JsonToCopyTextException b64 =
                assertThrows(JsonToCopyTextException.class, () -> copy(cols, "{\"id\":1,\"totp\":\"c2Vj*mV0\"}\n"));
        assertEquals("row 1, column totp: the value is not valid base64", b64.getMessage());
        assertEquals("totp", b64.column());
        JsonToCopyTextException number =
                assertThrows(JsonToCopyTextException.class, () -> copy(cols, "{\"totp\":12}\n"));
        assertEquals("row 1, column totp: expected a base64 string for binary data", number.getMessage());
        JsonToCopyTextException notArray =
                assertThrows(JsonToCopyTextException.class, () -> copy(cols, "{\"tags\":{\"a\":1}}\n"));
        assertEquals("row 1, column tags: expected a JSON array", notArray.getMessage());
        JsonToCopyTextException surrogate =
                assertThrows(JsonToCopyTextException.class, () -> copy(cols, "{}\n{\"tags\":[\"\\ud800x\"]}\n"));
        assertEquals(2, surrogate.row());
        assertEquals("tags", surrogate.column());
    }

    @Test
    void everyJsonEscapeIsDecodedInValuesAndElements() throws IOException {
        String json = "\"\\b\\f\\/\\u0041\\u005c\\u0022\\u0009\\u00e9\\\\\\\"x\"";
        String out = copy(
                List.of(col("s", ValueEncoding.STRING), array("a", ValueEncoding.STRING), col("j", ValueEncoding.JSON)),
                "{\"s\":" + json + ",\"a\":[" + json + "],\"j\":" + json + "}\n");
        assertEquals(
                "\b\f/A\\\\\"\\té\\\\\"x"
                        + "\t{\"\b\f/A\\\\\\\\\\\\\"\\té\\\\\\\\\\\\\"x\"}"
                        + "\t" + json.replace("\\", "\\\\") + "\n",
                out);
    }

    /** Any string, however a JSON writer escapes it, comes out as the same COPY text. */
    @Test
    void randomStringsSurviveEveryWayOfWritingThem() throws IOException {
        Random random = new Random(42);
        char[] alphabet = "ab \"\\\t\n\r\b\f/{},NULLé山😀".toCharArray();
        JsonFactory plain = new JsonFactory();
        JsonFactory ascii =
                JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        List<Column> cols = List.of(col("s", ValueEncoding.STRING), array("a", ValueEncoding.STRING));
        for (int round = 0; round < 500; round++) {
            String text = randomText(random, alphabet, random.nextInt(round % 10 == 0 ? 400 : 30));
            String expectedValue = text.replace("\\", "\\\\")
                    .replace("\t", "\\t")
                    .replace("\n", "\\n")
                    .replace("\r", "\\r");
            String expectedElement = "{\""
                    + text.replace("\\", "\\\\")
                            .replace("\"", "\\\"")
                            .replace("\\", "\\\\")
                            .replace("\t", "\\t")
                            .replace("\n", "\\n")
                            .replace("\r", "\\r")
                    + "\"}";
            for (JsonFactory factory : List.of(plain, ascii)) {
                StringWriter row = new StringWriter();
                try (JsonGenerator g = factory.createGenerator(row)) {
                    g.writeStartObject();
                    g.writeStringField("s", text);
                    g.writeArrayFieldStart("a");
                    g.writeString(text);
                    g.writeEndArray();
                    g.writeEndObject();
                }
                assertEquals(expectedValue + "\t" + expectedElement + "\n", copy(cols, row + "\n"), row.toString());
            }
        }
    }

    /** jsonb values keep the file's bytes, whitespace between tokens included, escaped for COPY text and array elements. */
    @Test
    void rawJsonOfAnyContentIsEscapedForCopyText() throws IOException {
        Random random = new Random(7);
        char[] alphabet = "ab \"\\\t\n\r/{}[],:é山😀".toCharArray();
        JsonFactory factory = new JsonFactory();
        List<Column> cols = List.of(col("j", ValueEncoding.JSON), array("a", ValueEncoding.JSON));
        for (int round = 0; round < 300; round++) {
            String value = randomText(random, alphabet, random.nextInt(round % 10 == 0 ? 300 : 25));
            StringWriter quoted = new StringWriter();
            try (JsonGenerator g = factory.createGenerator(quoted)) {
                g.writeString(value);
            }
            String doc = "{\"k\":\t" + quoted + ",\r\n \"n\": [1,\t2]}";
            String expectedValue = doc.replace("\\", "\\\\")
                    .replace("\t", "\\t")
                    .replace("\n", "\\n")
                    .replace("\r", "\\r");
            String expectedElement = "{\""
                    + doc.replace("\\", "\\\\")
                            .replace("\"", "\\\"")
                            .replace("\\", "\\\\")
                            .replace("\t", "\\t")
                            .replace("\n", "\\n")
                            .replace("\r", "\\r")
                    + "\"}";
            String row = "{\"j\":" + doc + ",\"a\":[" + doc + "]}\n";
            assertEquals(expectedValue + "\t" + expectedElement + "\n", copy(cols, row), row);
        }
    }

    @Test
    void keysWrittenWithEscapesMatchTheirColumns() throws IOException {
        List<Column> cols = List.of(col("a", ValueEncoding.STRING), col("z", ValueEncoding.STRING));
        assertEquals("A\tZ\n", copy(cols, "{\"\\u0061\":\"A\",\"z\":\"Z\"}\n"));
        assertEquals("A\tZ\n", copy(cols, "{\"\\u007a\":\"Z\",\"a\":\"A\"}\n"));
    }

    @Test
    void columnsAreWrittenInTheGivenOrder() throws IOException {
        List<Column> cols = new ArrayList<>(List.of(col("z", ValueEncoding.STRING), col("a", ValueEncoding.STRING)));
        assertEquals("Z\tA\n", copy(cols, "{\"a\":\"A\",\"z\":\"Z\"}\n"));
    }

    /** Values far larger than the decoder may hold stream through when the row's keys are in column order. */
    @Test
    void valuesLargerThanTheHeldLimitStreamThroughInColumnOrder() throws IOException {
        Random random = new Random(11);
        char[] alphabet = "ab \"\\\t\n/é山😀".toCharArray();
        String text = randomText(random, alphabet, 700_000);
        byte[] binary = new byte[900_000];
        random.nextBytes(binary);
        JsonFactory ascii =
                JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        StringWriter row = new StringWriter();
        try (JsonGenerator g = ascii.createGenerator(row)) {
            g.writeStartObject();
            g.writeStringField("t", text);
            g.writeStringField("b", Base64.getEncoder().encodeToString(binary));
            g.writeArrayFieldStart("a");
            g.writeString(text);
            g.writeEndArray();
            g.writeStringField("j", text);
            g.writeEndObject();
        }
        List<Column> cols = List.of(
                col("t", ValueEncoding.STRING),
                col("b", ValueEncoding.BASE64),
                array("a", ValueEncoding.STRING),
                col("j", ValueEncoding.JSON));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonToCopyText(cols, 100_000)
                .transfer(new ByteArrayInputStream((row + "\n").getBytes(StandardCharsets.UTF_8)), out);

        StringBuilder hex = new StringBuilder("\\\\x");
        for (byte b : binary) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        String copyText = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
        String element = "{\""
                + text.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\\", "\\\\")
                        .replace("\t", "\\t")
                        .replace("\n", "\\n")
                + "\"}";
        StringWriter jsonString = new StringWriter();
        try (JsonGenerator g = ascii.createGenerator(jsonString)) {
            g.writeString(text);
        }
        String jsonb = jsonString.toString().replace("\\", "\\\\");
        assertEquals(
                copyText + "\t" + hex + "\t" + element + "\t" + jsonb + "\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aValueThatMustBeHeldAndIsTooLargeFailsNamingTheColumnNotTheValue() {
        List<Column> cols = List.of(
                col("id", ValueEncoding.NUMBER), col("doc", ValueEncoding.JSON), col("secret", ValueEncoding.STRING));
        String big = "hunter2".repeat(40_000);
        JsonToCopyTextException document = assertThrows(
                JsonToCopyTextException.class,
                () -> transferHolding(cols, 100_000, "{\"id\":1,\"doc\":{\"k\":\"" + big + "\"}}\n"));
        assertEquals(1, document.row());
        assertEquals("doc", document.column());
        assertTrue(document.getMessage().contains("larger than"), document.getMessage());
        JsonToCopyTextException outOfOrder = assertThrows(
                JsonToCopyTextException.class,
                () -> transferHolding(cols, 100_000, "{\"id\":1}\n{\"secret\":\"" + big + "\",\"id\":2}\n"));
        assertEquals(2, outOfOrder.row());
        assertEquals("secret", outOfOrder.column());
        assertFalse(outOfOrder.getMessage().contains("hunter2"), outOfOrder.getMessage());
    }

    @Test
    void aKeyTwiceInOneRowIsRefused() {
        List<Column> cols = List.of(col("a", ValueEncoding.STRING), col("b", ValueEncoding.STRING));
        for (String row : List.of("{\"a\":\"x\",\"a\":\"y\"}\n", "{\"b\":\"x\",\"a\":\"y\",\"b\":\"z\"}\n")) {
            JsonToCopyTextException e = assertThrows(JsonToCopyTextException.class, () -> copy(cols, row));
            assertTrue(e.getMessage().contains("twice"), e.getMessage());
        }
    }

    private static void transferHolding(List<Column> columns, int maxHeld, String jsonLines) throws IOException {
        new JsonToCopyText(columns, maxHeld)
                .transfer(
                        new ByteArrayInputStream(jsonLines.getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream());
    }

    /** Characters drawn from the alphabet; a surrogate drawn stands for a whole emoji, so the text stays valid UTF-16. */
    private static String randomText(Random random, char[] alphabet, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            char c = alphabet[random.nextInt(alphabet.length)];
            if (Character.isHighSurrogate(c)) {
                text.append("😀");
            } else if (!Character.isLowSurrogate(c)) {
                text.append(c);
            }
        }
        return text.toString();
    }
}

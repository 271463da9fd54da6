package dev.accountbackup.engine.accounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reading of a row's keys without a parser: it reads the rows exports write, gives exactly
 * what a JSON parser gives, and leaves every other row to the parser rather than guess.
 */
class OrderedFieldsTest {

    private static final JsonFactory JSON = new JsonFactory();
    private static final List<String> COLUMNS = List.of("id", "provider", "uid", "user_id", "note");

    /** Reads user_id and provider, as a child table's reader reads its foreign key and a referenced column. */
    private static final OrderedFields KEYS = new OrderedFields(COLUMNS, Map.of("user_id", 0, "provider", 1));

    @Test
    void rowsAsExportsWriteThemAreReadAsFarAsTheirLastKey() {
        assertReads("{\"id\":1,\"provider\":\"google\",\"uid\":\"g1\",\"user_id\":42,\"note\":\"x\"}", "42", "google");
        assertReads(
                "{\"id\":1,\"provider\":\"a b\",\"uid\":[1,{\"a\":\"]}\\\"\"}],\"user_id\":-7.5e+3,\"note\":{}}",
                "-7.5e+3",
                "a b");
        assertReads(
                " { \"id\" : 1 ,\t\"provider\" : null , \"uid\" : {\"x\":[]} , \"user_id\" : true } ", "true", null);
        assertReads("{\"id\":1,\"provider\":[\"x\"],\"uid\":\"\",\"user_id\":\"\"}", "", null);
        // what follows the last key is not read: a row left out costs no more than its keys
        assertReads("{\"id\":1,\"provider\":\"p\",\"uid\":\"u\",\"user_id\":0,\"note\":", "0", "p");
    }

    @Test
    void anythingElseIsLeftToTheParser() {
        for (String row : List.of(
                "",
                "[1]",
                "{}",
                "{\"provider\":\"p\",\"id\":1,\"uid\":\"u\",\"user_id\":1}", // out of order
                "{\"id\":1,\"provider\":\"p\",\"uid\":\"u\"}", // a key missing
                "{\"id\":1,\"provider\":\"p\\u0041\",\"uid\":\"u\",\"user_id\":1}", // an escape in a key
                "{\"id\":1,\"provider\":\"Zoë\",\"uid\":\"u\",\"user_id\":1}", // not ASCII
                "{\"id\":1,\"provider\":\"p\",\"uid\":\"u\",\"user_id\":01}",
                "{\"id\":1,\"provider\":\"p\",\"uid\":\"u\",\"user_id\":+1}",
                "{\"id\":1,\"provider\":\"p\",\"uid\":\"u\",\"user_id\":1x}",
                "{\"id\":1,\"provider\":\"p\",\"uid\":\"u\",\"user_id\":1.}",
                "{\"id\":1,\"provider\":\"p\",\"uid\":\"u\",\"user_id\":nul}",
                "{\"id\":1,\"provider\":\"p\",\"uid\":\"u\",\"user_id\":NaN}",
                "{\"id\":1,\"provider\":\"p\",\"uid\":\"u\",\"user_id\":\"1",
                "{\"id\":1,\"provider\":\"p\",\"uid\":\"u\tv\",\"user_id\":1}", // a raw tab in a string
                "{\"id\":1,\"provider\":\"p\",\"uid\":[1,2,\"user_id\":1}",
                "{\"id\":1 \"provider\":\"p\",\"uid\":\"u\",\"user_id\":1}",
                "{\"id\":1,\"provider\":\"p\",\"uid\":\"u\",\"user_id\":" + "9".repeat(2000) + "}")) {
            assertFalse(read(KEYS, row, new String[2]), row);
        }
        assertFalse(read(new OrderedFields(COLUMNS, Map.of("missing", 0)), "{\"missing\":1}", new String[1]));
        assertFalse(read(new OrderedFields(List.of("id", "id"), Map.of("id", 0)), "{\"id\":1}", new String[1]));
    }

    /** Random rows of every kind of value: whatever is read equals the parser's text. */
    @Test
    void whatIsReadIsWhatAParserReads() throws Exception {
        Random random = new Random(7);
        int read = 0;
        for (int i = 0; i < 5_000; i++) {
            StringBuilder row = new StringBuilder("{");
            for (int c = 0; c < COLUMNS.size(); c++) {
                row.append(c == 0 ? "" : ",").append(space(random));
                row.append('"')
                        .append(COLUMNS.get(c))
                        .append('"')
                        .append(space(random))
                        .append(':');
                row.append(space(random)).append(value(random)).append(space(random));
            }
            String line = row.append('}').toString();
            String[] values = new String[2];
            if (read(KEYS, line, values)) {
                read++;
                Map<String, String> parsed = parse(line);
                assertArrayEquals(new String[] {parsed.get("user_id"), parsed.get("provider")}, values, line);
            }
        }
        assertTrue(read > 1_000, "read without the parser: " + read);
    }

    private static String space(Random random) {
        return List.of("", "", "", " ", "\t", "  ").get(random.nextInt(6));
    }

    private static String value(Random random) {
        return List.of(
                        "1",
                        "-0",
                        "123456789012345678901234567890",
                        "3.25",
                        "1E-7",
                        "-2.5e+10",
                        "true",
                        "false",
                        "null",
                        "\"\"",
                        "\"plain text\"",
                        "\"6f1c2b9e-0d4e-4a8b-9c3d-2e1f0a9b8c7d\"",
                        "\"esc\\\"aped\\\\\"",
                        "\"naïve\"",
                        "[]",
                        "[1,\"]\",{\"a\":[null]}]",
                        "{\"k\":\"}\",\"n\":{}}")
                .get(random.nextInt(17));
    }

    /** The text a parser gives for each top-level field: null for NULL, an object or an array. */
    private static Map<String, String> parse(String line) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                fields.put(name, value.isScalarValue() && value != JsonToken.VALUE_NULL ? p.getText() : null);
                p.skipChildren();
            }
        }
        return fields;
    }

    private static void assertReads(String row, String... expected) {
        String[] values = new String[expected.length];
        assertTrue(read(KEYS, row, values), row);
        assertArrayEquals(expected, values, row);
    }

    private static boolean read(OrderedFields fields, String row, String[] values) {
        byte[] padded = ("xx" + row + "\nyy").getBytes(StandardCharsets.UTF_8);
        int length = row.getBytes(StandardCharsets.UTF_8).length;
        return fields.read(padded, 2, 2 + length, values);
    }
}

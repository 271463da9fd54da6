package dev.accountbackup.engine.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.catalog.ColumnSchema;
import dev.accountbackup.engine.catalog.TableResolver;
import dev.accountbackup.engine.catalog.TableSchema;
import dev.accountbackup.engine.catalog.ValueEncoding;
import dev.accountbackup.engine.codec.JsonToCopyText.Column;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The same JSON Lines rows loaded through binary COPY give exactly the table COPY text gives, on a real PostgreSQL; a
 * value the binary format cannot carry exactly falls back, and a broken row fails as it does in text.
 */
class JsonToCopyBinaryTest {

    /** Every type the binary format is used for. */
    private static final String COLUMNS = """
            (id int8, small int2, normal int4, flag bool, note text, name varchar(20), code char(5), public_id uuid,
             at timestamptz, local_at timestamp, born date, doc jsonb, raw json, blob bytea,
             tags text[], labels varchar(10)[], counts int4[], bigs int8[])""";

    private static final List<String> NAMES = List.of(
            "id",
            "small",
            "normal",
            "flag",
            "note",
            "name",
            "code",
            "public_id",
            "at",
            "local_at",
            "born",
            "doc",
            "raw",
            "blob",
            "tags",
            "labels",
            "counts",
            "bigs");

    /** Edge values in the forms exports write, keys out of order and unknown keys in places. */
    private static final String ROWS = String.join(
                    "\n",
                    row(
                            1,
                            "-32768",
                            "-2147483648",
                            "true",
                            "\"\"",
                            "\"\"",
                            "\"ab\"",
                            "\"0ab16ebe-6f17-a01d-d1d2-33fb074654f1\"",
                            "\"2016-04-11 22:43:41.720166+00\"",
                            "\"2016-04-11 22:43:41.720166\"",
                            "\"2000-01-01\"",
                            "{\"a\":1.10,\"b\":[1e400,-0,2.50E+3]}",
                            "\"{\\\"k\\\": 1.10, \\\"k\\\": 2}\"",
                            "\"\"",
                            "[]",
                            "[]",
                            "[]",
                            "[]"),
                    row(
                            2,
                            "32767",
                            "2147483647",
                            "false",
                            "\"tab\\there\\nnewline\\\\back\\\\\\\\slash \\\"quote\\\"\"",
                            "\"é😀山𝄞\"",
                            "\"abcde\"",
                            "\"FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF\"",
                            "\"1999-12-31 23:59:59+00\"",
                            "\"0001-01-01 00:00:00\"",
                            "\"1969-07-20\"",
                            "\"just a string \\u00e9\"",
                            "\"[1, 2]\"",
                            "\"AAEC/f7/\"",
                            "[\"a\",null,\"NULL\",\"b,c\",\"\\\"q\\\"\",\"{x}\",\"\"]",
                            "[null]",
                            "[1,null,-2147483648]",
                            "[9223372036854775807,-9223372036854775808]"),
                    row(
                            3,
                            "0",
                            "0",
                            "null",
                            "\"\\ud83d\\ude00 \\\\N\"",
                            "null",
                            "\"a  \"",
                            "null",
                            "\"9999-12-31 23:59:59.999999+00\"",
                            "\"9999-12-31 23:59:59.5\"",
                            "\"0001-01-01\"",
                            "null",
                            "null",
                            "null",
                            "[\"x\"]",
                            "[\"y\"]",
                            "[0]",
                            "[]"),
                    row(
                            4,
                            "1",
                            "-1",
                            "true",
                            "null",
                            "\"x\"",
                            "null",
                            "\"00000000-0000-0000-0000-000000000000\"",
                            "\"2024-02-29 12:00:00.5+00\"",
                            "\"2024-02-29 00:00:00\"",
                            "\"2024-02-29\"",
                            "[true,false,null,\"\\\\\"]",
                            "\"{}\"",
                            "\"3q2+7w==\"",
                            "null",
                            "null",
                            "null",
                            "null"),
                    row(
                            5,
                            "2",
                            "3",
                            "false",
                            "\"x\"",
                            "\"y\"",
                            "\"z\"",
                            "\"0ab16ebe-6f17-a01d-d1d2-33fb074654f1\"",
                            "\"infinity\"",
                            "\"-infinity\"",
                            "\"infinity\"",
                            "7",
                            "\"null\"",
                            "\"\"",
                            "[]",
                            "[]",
                            "[]",
                            "[]"),
                    row(
                            6,
                            "2",
                            "3",
                            "false",
                            "\"x\"",
                            "\"y\"",
                            "\"z\"",
                            "\"0ab16ebe-6f17-a01d-d1d2-33fb074654f1\"",
                            "\"2020-06-30 23:59:59.000001+00\"",
                            "\"1970-01-01 00:00:00.000001\"",
                            "\"-infinity\"",
                            "\"\"",
                            "\" \\\"s\\\" \"",
                            "\"\"",
                            "[]",
                            "[]",
                            "[]",
                            "[]"),
                    "{\"unknown\":{\"deep\":[1,2]},\"bigs\":[5],\"id\":7,\"at\":null}")
            + "\n";

    private static DatabaseTarget db;
    private static List<Column> columns;
    private static List<Long> typeOids;

    @BeforeAll
    static void tables() throws SQLException {
        db = TestPostgres.newDatabase();
        TestPostgres.execute(db, "CREATE TABLE model " + COLUMNS);
        try (Connection c = TestPostgres.connect(db)) {
            TableSchema model = new TableResolver(c).resolve("model").orElseThrow();
            columns = new ArrayList<>();
            typeOids = new ArrayList<>();
            for (ColumnSchema col : model.columns()) {
                columns.add(new Column(col.name(), col.encoding(), col.elementEncoding()));
                typeOids.add(col.typeOid());
            }
        }
    }

    private static String row(int id, String... values) {
        StringBuilder b = new StringBuilder("{\"id\":" + id);
        for (int i = 0; i < values.length; i++) {
            b.append(",\"").append(NAMES.get(i + 1)).append("\":").append(values[i]);
        }
        return b.append('}').toString();
    }

    @Test
    void everySupportedTypeLoadsExactlyAsCopyTextLoadsIt() throws Exception {
        assertNull(JsonToCopyBinary.textOnlyColumn(columns, typeOids), "every column is written in binary");

        String text = loadText("text_rows", ROWS);
        String binary = loadBinary("binary_rows", ROWS);

        assertEquals(7, TestPostgres.rowCount(db, "binary_rows"));
        assertEquals(text, binary);
        // a few values checked by hand, so that a fault common to both paths shows too
        assertEquals(
                "{\"a\": 1.10, \"b\": [1" + "0".repeat(400) + ", 0, 2500]}",
                TestPostgres.contents(db, "binary_rows", "id", "t.doc::text").get("1"));
        assertEquals(
                "5",
                TestPostgres.contents(db, "binary_rows", "id", "octet_length(t.code)::text")
                        .get("1"));
    }

    @Test
    void unusualButValidFormsFallBackAndTextLoadsThem() throws Exception {
        String[] unusual = {
            "{\"id\":1,\"public_id\":\"{0ab16ebe-6f17-a01d-d1d2-33fb074654f1}\"}",
            "{\"id\":1,\"at\":\"2020-01-01T10:00:00Z\"}",
            "{\"id\":1,\"at\":\"2020-01-01 10:00:00\"}",
            "{\"id\":1,\"local_at\":\"2020-01-01 10:00:00+02\"}",
            "{\"id\":1,\"born\":\"0044-03-15 BC\"}",
            "{\"id\":1,\"born\":\"12345-01-01\"}",
            "{\"id\":1,\"at\":\"2020-01-01 10:00:00.1234567+00\"}",
            "{\"id\":1,\"normal\":\"42\"}",
            "{\"id\":1,\"normal\":4.0}",
            "{\"id\":1,\"flag\":\"t\"}",
            "{\"id\":1,\"tags\":\"[0:1]={a,b}\"}",
            "{\"id\":1,\"counts\":[[1,2],[3,4]]}",
            "{\"id\":1,\"blob\":\"AAEC*f7/\"}",
            "{\"id\":1,\"note\":1.50}",
            "{\"id\":1,\"note\":\"a\\u0000b\"}",
            "{\"id\":1,\"note\":\"a\\ud800b\"}",
            "{\"id\":1,\"tags\":[\"\\ude00\"]}",
        };
        for (String line : unusual) {
            assertThrows(BinaryCopyFallback.class, () -> transfer(line + "\n"), line);
        }
        // offsets other than UTC are written exactly, not a fallback
        String offsets = String.join(
                "\n",
                "{\"id\":1,\"at\":\"2020-01-01 10:00:00+05:30\"}",
                "{\"id\":2,\"at\":\"2020-01-01 10:00:00.25-03:30\"}",
                "{\"id\":3,\"at\":\"1850-06-01 00:00:00+00:09:21\"}",
                "{\"id\":4,\"at\":\"0001-01-01 00:00:00-12\"}",
                "{\"id\":5,\"at\":\"9999-12-31 23:59:59.999999+14\"}\n");
        assertEquals(loadText("offset_text", offsets), loadBinary("offset_binary", offsets));
    }

    @Test
    void aValueLargerThanTheBinaryFormatHoldsFallsBackWithoutHoldingIt() {
        String huge = "{\"id\":1,\"note\":\"" + "x".repeat(JsonToCopyBinary.MAX_VALUE + 200_000) + "\"}\n";
        BinaryCopyFallback e = assertThrows(BinaryCopyFallback.class, () -> transfer(huge));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertFalse(e.getMessage().contains("xxx"), "no value in the message");
        String hugeDoc = "{\"id\":1,\"doc\":{\"k\":\"" + "y".repeat(JsonToCopyBinary.MAX_VALUE + 200_000) + "\"}}\n";
        assertThrows(BinaryCopyFallback.class, () -> transfer(hugeDoc));
    }

    @Test
    void brokenRowsFailAsInTextNamingRowAndColumnNeverTheValue() {
        String invalid = assertThrows(
                        JsonToCopyTextException.class, () -> transfer("{\"id\":1}\n{\"id\":2,\"note\":secret}\n"))
                .getMessage();
        assertTrue(invalid.startsWith("row 2: is not valid JSON (line 2"), invalid);
        assertFalse(invalid.contains("secret"), invalid);
        assertEquals(
                "row 1, column note: the row has this key twice",
                assertThrows(
                                JsonToCopyTextException.class,
                                () -> transfer("{\"id\":1,\"note\":\"a\",\"note\":\"secret\"}\n"))
                        .getMessage());
        assertEquals(
                "row 1: is not a JSON object",
                assertThrows(JsonToCopyTextException.class, () -> transfer("[1]\n"))
                        .getMessage());
        // a control character the file left unescaped: refused by the parser as it moves past the string
        String unescaped = "{\"id\":1,\"note\":\"a\tb\",\"name\":\"x\"}\n";
        assertEquals(
                assertThrows(
                                JsonToCopyTextException.class,
                                () -> new JsonToCopyText(columns)
                                        .transfer(input(unescaped), new ByteArrayOutputStream()))
                        .getMessage(),
                assertThrows(JsonToCopyTextException.class, () -> transfer(unescaped))
                        .getMessage());
        BinaryCopyFallback outOfRange =
                assertThrows(BinaryCopyFallback.class, () -> transfer("{\"id\":1,\"normal\":2147483648}\n"));
        assertEquals("row 1, column normal: the number is out of the column's range", outOfRange.getMessage());
    }

    @Test
    void typesOtherThanTheSupportedOnesKeepCopyText() {
        List<Column> withNumeric =
                List.of(new Column("id", ValueEncoding.NUMBER, null), new Column("price", ValueEncoding.DECIMAL, null));
        assertEquals("price", JsonToCopyBinary.textOnlyColumn(withNumeric, List.of(20L, 1700L)));
        // a text column whose file holds numbers (it was numeric when backed up) keeps text too
        assertEquals(
                "note",
                JsonToCopyBinary.textOnlyColumn(
                        List.of(new Column("note", ValueEncoding.DECIMAL, null)), List.of(25L)));
        assertNotNull(JsonToCopyBinary.textOnlyColumn(
                List.of(new Column("grid", ValueEncoding.ARRAY, ValueEncoding.DECIMAL)), List.of(1007L)));
    }

    @Test
    void noRowsWriteNothing() throws IOException {
        assertEquals(0, transfer("").length);
    }

    private static byte[] transfer(String jsonLines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonToCopyBinary(columns, typeOids).transfer(input(jsonLines), out);
        return out.toByteArray();
    }

    private static InputStream input(String jsonLines) {
        return new ByteArrayInputStream(jsonLines.getBytes(StandardCharsets.UTF_8));
    }

    private static String loadText(String table, String jsonLines) throws Exception {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        new JsonToCopyText(columns).transfer(input(jsonLines), copy);
        return load(table, copy.toByteArray(), "");
    }

    private static String loadBinary(String table, String jsonLines) throws Exception {
        return load(table, transfer(jsonLines), " (FORMAT binary)");
    }

    /** Loads COPY data into a new table like the model and returns its rows as text, in order. */
    private static String load(String table, byte[] copyData, String options) throws SQLException, IOException {
        try (Connection c = TestPostgres.connect(db)) {
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + table + " (LIKE model)");
            }
            c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "COPY " + table + " (" + String.join(", ", NAMES) + ") FROM STDIN" + options,
                            new ByteArrayInputStream(copyData));
            StringBuilder rows = new StringBuilder();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT t::text FROM " + table + " t ORDER BY id")) {
                while (rs.next()) {
                    rows.append(rs.getString(1)).append('\n');
                }
            }
            return rows.toString();
        }
    }
}

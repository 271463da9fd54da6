package dev.accountbackup.engine.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.accountbackup.engine.catalog.ValueEncoding;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.manifest.ColumnEntry;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.storage.BackupLocation;
import dev.accountbackup.engine.storage.FilesystemStore;
import dev.accountbackup.testing.AllTypes;
import dev.accountbackup.testing.TestPostgres;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of value an account table holds comes out of the export with its exact value:
 * checked on the JSON values themselves, not on counts.
 */
class ExporterTypeFidelityTest {

    private static DatabaseTarget db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = TestPostgres.newDatabase();
        TestPostgres.execute(db, AllTypes.SCHEMA);
    }

    private Manifest export(BackupLocation location, String... tables) {
        return new Exporter()
                .export(new ExportRequest(db, List.of(tables), location, "b1", Compression.ZSTD, Map.of()));
    }

    @Test
    void numbersKeepPostgresDigitsAndNonFiniteValuesBecomeStrings() {
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "set");
        Manifest manifest = export(location, "numbers");
        List<String> lines = BackupFiles.lines(location, manifest, BackupFiles.entry(manifest, "public", "numbers"));
        assertEquals(
                List.of(
                        "{\"id\":1,\"i2\":-32768,\"i4\":-2147483648,\"i8\":-9223372036854775808,\"n\":123456789012345678901234567890.123456789000,\"r\":0.1,\"d\":0.1,\"p\":1}",
                        "{\"id\":2,\"i2\":32767,\"i4\":2147483647,\"i8\":9223372036854775807,\"n\":\"NaN\",\"r\":\"NaN\",\"d\":\"NaN\",\"p\":2147483647}",
                        "{\"id\":3,\"i2\":0,\"i4\":0,\"i8\":0,\"n\":\"Infinity\",\"r\":\"Infinity\",\"d\":\"Infinity\",\"p\":5}",
                        "{\"id\":4,\"i2\":-1,\"i4\":-1,\"i8\":-1,\"n\":\"-Infinity\",\"r\":\"-Infinity\",\"d\":\"-Infinity\",\"p\":6}",
                        "{\"id\":5,\"i2\":1,\"i4\":1,\"i8\":1,\"n\":0.10,\"r\":-0,\"d\":-0,\"p\":7}",
                        "{\"id\":6,\"i2\":2,\"i4\":2,\"i8\":2,\"n\":-0.00000015,\"r\":1e+20,\"d\":1e+20,\"p\":8}",
                        "{\"id\":7,\"i2\":null,\"i4\":null,\"i8\":null,\"n\":null,\"r\":null,\"d\":null,\"p\":null}"),
                lines);
        lines.forEach(line -> assertTrue(parse(line).isObject()));
        TableEntry entry = BackupFiles.entry(manifest, "public", "numbers");
        assertEquals(
                Map.of(
                        "id",
                        ValueEncoding.NUMBER,
                        "i2",
                        ValueEncoding.NUMBER,
                        "i4",
                        ValueEncoding.NUMBER,
                        "i8",
                        ValueEncoding.NUMBER,
                        "n",
                        ValueEncoding.DECIMAL,
                        "r",
                        ValueEncoding.DECIMAL,
                        "d",
                        ValueEncoding.DECIMAL,
                        "p",
                        ValueEncoding.NUMBER),
                entry.columns().stream().collect(Collectors.toMap(ColumnEntry::name, ColumnEntry::encoding)));
    }

    @Test
    void textKeepsEveryCharacter() {
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "set");
        Manifest manifest = export(location, "texts");
        List<String> lines = BackupFiles.lines(location, manifest, BackupFiles.entry(manifest, "public", "texts"));
        List<String> values = lines.stream()
                .map(l -> parse(l).get("t"))
                .map(n -> n.isNull() ? null : n.textValue())
                .toList();
        assertEquals(
                java.util.Arrays.asList(
                        "emoji 😀 👩‍💻 🇫🇷",
                        "clef 𝄞",
                        "مرحبا بالعالم",
                        "tab\there\nnew line\rcr\u0001 ctl back\\slash \"quoted\" \u007f del",
                        "",
                        null,
                        "\\N",
                        "NULL"),
                values);
        // escapes as the format prescribes: short forms, \\u00XX for other controls, everything else raw UTF-8
        assertEquals(
                "{\"id\":4,\"t\":\"tab\\there\\nnew line\\rcr\\u0001 ctl back\\\\slash \\\"quoted\\\" \u007f del\"}",
                lines.get(3));
        assertEquals("{\"id\":2,\"t\":\"clef 𝄞\"}", lines.get(1));
    }

    @Test
    void everyOtherTypeAndNullOfEveryType() throws Exception {
        BackupLocation location = new BackupLocation(new FilesystemStore(dir), "set");
        Manifest manifest = export(location, "everything");
        TableEntry entry = BackupFiles.entry(manifest, "public", "everything");
        List<String> lines = BackupFiles.lines(location, manifest, entry);
        assertEquals(3, lines.size());
        JsonNode r = parse(lines.get(0));
        assertTrue(r.get("b").booleanValue());
        assertEquals("plain", r.get("t").textValue());
        assertEquals("varchar 𝄞", r.get("vc").textValue());
        assertEquals("MiXeD Case", r.get("ci").textValue());
        assertEquals("domain text", r.get("st").textValue());
        assertEquals("happy", r.get("mo").textValue());
        assertEquals("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", r.get("u").textValue());
        assertEquals("2024-02-29", r.get("dt").textValue());
        assertEquals("23:59:59.999999", r.get("tm").textValue());
        assertEquals("12:34:56.789012+05:30", r.get("ttz").textValue());
        assertEquals("2024-02-29 12:34:56.123456", r.get("ts").textValue());
        assertEquals("2024-02-29 10:34:56.123456+00", r.get("tstz").textValue());
        assertEquals("P1Y2M3DT4H5M6.789S", r.get("iv").textValue());
        assertEquals("192.168.0.1/24", r.get("ip").textValue());
        assertEquals("10.0.0.0/8", r.get("net").textValue());
        // json keeps its exact text, odd white space and duplicate keys included
        assertEquals("{\"b\":1,  \"a\" : [1, 2],\"a\":\"dup\"}", r.get("js").textValue());
        // jsonb is embedded as JSON, exactly as PostgreSQL prints it
        assertTrue(
                lines.get(0).contains(",\"jb\":{\"a\": \"dup\", \"b\": 1, \"s\": \"q\\\"b\\\\n\\nx😀\"},"),
                lines.get(0));
        assertEquals(parse("{\"a\":\"dup\",\"b\":1,\"s\":\"q\\\"b\\\\n\\nx😀\"}"), r.get("jb"));
        assertEquals(
                parse("[\"a b\",null,\"quote\\\"d\",\"comma,\",\"back\\\\slash\",\"\",\"NULL\",\"{brace}\"]"),
                r.get("ta"));
        assertEquals(parse("[[1,2],[3,4]]"), r.get("ia"));
        assertEquals(parse("[]"), r.get("empty_a"));
        assertEquals("[0:1]={1,2}", r.get("bounded_a").textValue());
        assertTrue(lines.get(0).contains("\"na\":[1.50,\"NaN\",\"-Infinity\",null]"), lines.get(0));
        assertEquals(parse("[true,false,null]"), r.get("ba"));
        // a jsonb array holding the jsonb value null keeps its literal: as a JSON array it could not be told from a
        // NULL element
        assertEquals("{\"{\\\"k\\\": [1, \\\"x\\\"]}\",\"null\"}", r.get("ja").textValue());
        assertEquals(parse("[\"AP8=\",\"\",null]"), r.get("bya"));
        assertEquals("", r.get("by").textValue());
        assertEquals("10101010", r.get("bt").textValue());
        assertEquals("101", r.get("vb").textValue());

        JsonNode r2 = parse(lines.get(1));
        assertEquals(false, r2.get("b").booleanValue());
        assertEquals("", r2.get("t").textValue());
        assertEquals("0044-03-15 BC", r2.get("dt").textValue());
        assertEquals("infinity", r2.get("ts").textValue());
        assertEquals("-infinity", r2.get("tstz").textValue());
        assertEquals("::1", r2.get("ip").textValue());
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertArrayEquals(all, Base64.getDecoder().decode(r2.get("by").textValue()));
        assertTrue(r2.has("jb") && r2.get("jb").isNull(), "the jsonb value null is written as null");

        JsonNode r3 = parse(lines.get(2));
        List<String> columns = entry.columns().stream().map(ColumnEntry::name).toList();
        List<String> jsonbColumns = entry.columns().stream()
                .filter(c -> c.encoding() == ValueEncoding.JSON)
                .map(ColumnEntry::name)
                .toList();
        assertEquals(
                columns.stream().filter(c -> !jsonbColumns.contains(c)).toList(),
                names(r3),
                "every column present, in table order, but SQL NULL in a jsonb column, whose key is left out");
        for (String column : columns.subList(1, columns.size())) {
            assertTrue(
                    jsonbColumns.contains(column)
                            ? r3.get(column) == null
                            : r3.get(column).isNull(),
                    column + " should be null");
        }
        assertEquals(columns, names(r), "keys in table column order");

        Map<String, ColumnEntry> byName = entry.columns().stream().collect(Collectors.toMap(ColumnEntry::name, c -> c));
        assertEquals(ValueEncoding.ARRAY, byName.get("ta").encoding());
        assertEquals(ValueEncoding.STRING, byName.get("ta").elementEncoding());
        assertEquals(ValueEncoding.BASE64, byName.get("bya").elementEncoding());
        assertEquals(ValueEncoding.JSON, byName.get("jb").encoding());
        assertEquals(ValueEncoding.STRING, byName.get("js").encoding());
        assertEquals(ValueEncoding.STRING, byName.get("ci").encoding());
        assertEquals("citext", byName.get("ci").type());
        assertEquals("character varying(40)", byName.get("vc").type());
        assertEquals("integer[]", byName.get("ia").type());
        assertEquals(List.of("id"), entry.primaryKey());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static JsonNode parse(String json) {
        try {
            return BackupFiles.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not valid JSON: " + json, e);
        }
    }
}

package dev.accountbackup.engine.accounts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.accountbackup.engine.accounts.AccountGraph.Member;
import dev.accountbackup.engine.codec.BackupRowJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gathers the selected accounts' rows, table by table, and writes one readable JSON document per
 * account: where the data comes from, then the rows grouped by table in the account graph's order
 * (every table of the graph, empty ones too, so the person sees what else was looked at). Rows of
 * a table are sorted by their bytes, so that the same rows give the same document whether they
 * were read from a backup or from the database.
 */
final class AccountDocuments {

    /** Where the rows come from, as the document states it. */
    record Source(String backupId, Instant takenAt, String database, Instant readAt) {

        static Source backup(String backupId, Instant takenAt) {
            return new Source(backupId, takenAt, null, null);
        }

        static Source liveDatabase(String database, Instant readAt) {
            return new Source(null, null, database, readAt);
        }
    }

    static final String FORMAT = "accountbackup.dev/account-export/v1";

    private static final JsonFactory JSON = BackupRowJson.factory().build();

    /** Numeric keys in numeric order, anything else in text order. */
    static final Comparator<String> KEY_ORDER = (a, b) -> {
        boolean digitsA = !a.isEmpty() && a.chars().allMatch(Character::isDigit);
        boolean digitsB = !b.isEmpty() && b.chars().allMatch(Character::isDigit);
        if (digitsA && digitsB && a.length() != b.length()) {
            return Integer.compare(a.length(), b.length());
        }
        return a.compareTo(b);
    };

    private final AccountGraph graph;
    /** Account key, then table (display name), then rows. */
    private final Map<String, Map<String, List<byte[]>>> rows = new TreeMap<>(KEY_ORDER);

    AccountDocuments(AccountGraph graph) {
        this.graph = graph;
    }

    /** A visitor for {@link AccountRows#scan} that keeps the rows of {@code member}. */
    AccountRows.RowVisitor collector(Member member) {
        return (line, offset, length, accounts) ->
                add(member, Arrays.copyOfRange(line, offset, offset + length), accounts);
    }

    private void add(Member member, byte[] row, Set<String> accounts) {
        for (String account : accounts) {
            rows.computeIfAbsent(account, a -> new HashMap<>())
                    .computeIfAbsent(member.displayName(), m -> new ArrayList<>())
                    .add(row);
        }
    }

    /** One document per account found, in key order. */
    List<AccountDocument> write(Source source) {
        List<AccountDocument> documents = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<byte[]>>> account : rows.entrySet()) {
            documents.add(new AccountDocument(
                    graph.root().displayName(),
                    account.getKey(),
                    document(account.getKey(), account.getValue(), source)));
        }
        return documents;
    }

    private byte[] document(String key, Map<String, List<byte[]>> tables, Source source) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeObjectFieldStart("account");
            g.writeStringField("table", graph.root().displayName());
            List<String> parts = List.of(key.split("\u001f", -1));
            if (parts.size() == 1) {
                g.writeStringField("key", key);
            } else {
                g.writeArrayFieldStart("key");
                for (String part : parts) {
                    g.writeString(part);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("source");
            if (source.backupId() != null) {
                g.writeStringField("backupId", source.backupId());
                g.writeStringField("takenAt", String.valueOf(source.takenAt()));
            } else {
                g.writeStringField("liveDatabase", source.database());
                g.writeStringField("readAt", String.valueOf(source.readAt()));
            }
            g.writeEndObject();
            g.writeObjectFieldStart("tables");
            for (Member member : graph.members()) {
                g.writeArrayFieldStart(member.displayName());
                List<byte[]> held = new ArrayList<>(tables.getOrDefault(member.displayName(), List.of()));
                held.sort(Arrays::compareUnsigned);
                for (byte[] row : held) {
                    copy(row, g);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a document to memory cannot fail", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Copies one row, numbers with their exact digits. */
    private static void copy(byte[] row, JsonGenerator g) throws IOException {
        try (JsonParser p = JSON.createParser(row)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT -> g.writeStartObject();
                    case END_OBJECT -> g.writeEndObject();
                    case START_ARRAY -> g.writeStartArray();
                    case END_ARRAY -> g.writeEndArray();
                    case FIELD_NAME -> g.writeFieldName(p.currentName());
                    case VALUE_STRING -> g.writeString(p.getText());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
                    case VALUE_TRUE -> g.writeBoolean(true);
                    case VALUE_FALSE -> g.writeBoolean(false);
                    case VALUE_NULL -> g.writeNull();
                    default -> throw new IOException("unexpected JSON token " + t);
                }
            }
        }
    }
}

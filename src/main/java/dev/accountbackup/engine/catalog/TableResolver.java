package dev.accountbackup.engine.catalog;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds tables in the catalog by the names users write and describes them. Names are only ever
 * bound as parameters here; SQL text gets identifiers quoted by {@link Identifiers}.
 */
public final class TableResolver {

    private static final String FIND_QUALIFIED = """
            SELECT c.oid, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relname = ?""";

    /** Unqualified names follow the search path, as they would in the application's own queries. */
    private static final String FIND_ON_SEARCH_PATH = """
            SELECT c.oid, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname = ? AND n.nspname = ANY (current_schemas(false))
            ORDER BY array_position(current_schemas(false), n.nspname) LIMIT 1""";

    private static final String TABLE = """
            SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ?""";

    private static final String COLUMNS = """
            SELECT a.attname, a.attnum, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef,
                   a.attgenerated <> '', a.attidentity, a.atttypid,
                   pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname)
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum""";

    private static final String PRIMARY_KEY = """
            SELECT a.attname FROM pg_index i
            CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indrelid = ? AND i.indisprimary
            ORDER BY k.ord""";

    /** Every foreign key with its column pairs in constraint order. */
    private static final String FOREIGN_KEYS = """
            SELECT k.confrelid, k.conname, rn.nspname, rc.relname,
                   ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord),
                   ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY AS u(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.ord)
            FROM pg_constraint k
            JOIN pg_class rc ON rc.oid = k.confrelid
            JOIN pg_namespace rn ON rn.oid = rc.relnamespace
            WHERE k.conrelid = ? AND k.contype = 'f'
            ORDER BY k.conname""";

    private static final String TYPE = """
            SELECT t.typtype, t.typbasetype, t.typelem, t.typdelim, e.typarray
            FROM pg_type t LEFT JOIN pg_type e ON e.oid = t.typelem WHERE t.oid = ?""";

    private final Connection connection;
    private final Map<Long, ValueEncoding[]> encodingCache = new HashMap<>();

    public TableResolver(Connection connection) {
        this.connection = connection;
    }

    /**
     * Resolves every name, and reports all unknown names in one message before anything is done
     * with the others.
     */
    public List<TableSchema> resolveAll(List<String> names) {
        Map<Long, TableSchema> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            Long oid = find(QualifiedName.parse(name), name);
            if (oid == null) {
                missing.add(name);
            } else {
                found.computeIfAbsent(oid, this::describe);
            }
        }
        if (!missing.isEmpty()) {
            throw BackupException.invalid((missing.size() == 1 ? "table " : "tables ") + String.join(", ", missing)
                    + (missing.size() == 1 ? " does" : " do")
                    + " not exist in the database: check the names in 'tables'");
        }
        return List.copyOf(found.values());
    }

    /** The table a user's name designates ({@code public.users}, {@code users}), if the database has it. */
    public Optional<TableSchema> resolve(String name) {
        Long oid = find(QualifiedName.parse(name), name);
        return oid == null ? Optional.empty() : Optional.of(describe(oid));
    }

    /** The table with this exact schema and name, or null when there is none. */
    public TableSchema findExact(String schema, String name) {
        Long oid = find(new QualifiedName(schema, name, schema, name), schema + "." + name);
        return oid == null ? null : describe(oid);
    }

    private Long find(QualifiedName qn, String written) {
        Long oid = lookup(qn, written);
        if (oid == null && qn.unfolded() != null) {
            // friendlier than PostgreSQL: "Users" written without quotes still finds the table "Users"
            oid = lookup(qn.unfolded(), written);
        }
        return oid;
    }

    private Long lookup(QualifiedName qn, String written) {
        try (PreparedStatement ps =
                connection.prepareStatement(qn.schema() == null ? FIND_ON_SEARCH_PATH : FIND_QUALIFIED)) {
            if (qn.schema() == null) {
                ps.setString(1, qn.name());
            } else {
                ps.setString(1, qn.schema());
                ps.setString(2, qn.name());
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String kind = rs.getString(2);
                if (!kind.equals("r") && !kind.equals("p")) {
                    throw BackupException.invalid(written + " is not a table (relkind " + kind
                            + "): only tables can be backed up and restored");
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw catalogError(e);
        }
    }

    public TableSchema describe(long oid) {
        try {
            String schema;
            String name;
            try (PreparedStatement ps = connection.prepareStatement(TABLE)) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw BackupException.invalid("table with oid " + oid + " no longer exists");
                    }
                    schema = rs.getString(1);
                    name = rs.getString(2);
                }
            }
            List<Long> referenced = new ArrayList<>();
            List<ForeignKey> foreignKeys = foreignKeys(oid, referenced);
            return new TableSchema(
                    oid, schema, name, columns(oid), primaryKey(oid), List.copyOf(referenced), foreignKeys);
        } catch (SQLException e) {
            throw catalogError(e);
        }
    }

    private List<ColumnSchema> columns(long oid) throws SQLException {
        List<ColumnSchema> columns = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(COLUMNS)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String identity = rs.getString(7);
                    ValueEncoding[] enc = encodingOf(rs.getLong(8));
                    columns.add(new ColumnSchema(
                            rs.getString(1),
                            rs.getInt(2),
                            rs.getString(3),
                            !rs.getBoolean(4),
                            rs.getBoolean(5),
                            rs.getBoolean(6),
                            identity == null || identity.isEmpty() ? '\0' : identity.charAt(0),
                            rs.getString(9),
                            enc[0],
                            enc[1],
                            rs.getLong(8)));
                }
            }
        }
        return columns;
    }

    private List<String> primaryKey(long oid) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(PRIMARY_KEY)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return key;
    }

    /** The table's foreign keys; the oids of the tables they reference are added to {@code referenced}, once each. */
    private List<ForeignKey> foreignKeys(long oid, List<Long> referenced) throws SQLException {
        List<ForeignKey> keys = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(FOREIGN_KEYS)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!referenced.contains(rs.getLong(1))) {
                        referenced.add(rs.getLong(1));
                    }
                    keys.add(new ForeignKey(
                            rs.getString(2),
                            List.of((String[]) rs.getArray(5).getArray()),
                            rs.getString(3),
                            rs.getString(4),
                            List.of((String[]) rs.getArray(6).getArray())));
                }
            }
        }
        return List.copyOf(keys);
    }

    /** {encoding, elementEncoding} of a type, looking through domains. */
    private ValueEncoding[] encodingOf(long typeOid) throws SQLException {
        ValueEncoding[] cached = encodingCache.get(typeOid);
        if (cached != null) {
            return cached;
        }
        TypeRow t = type(typeOid);
        long oid = typeOid;
        while (t.kind == 'd') {
            oid = t.baseType;
            t = type(oid);
        }
        ValueEncoding[] result;
        if (t.element != 0 && t.elementArrayType == oid) {
            // a true array (not int2vector and the like); element types with another delimiter (box) stay text
            TypeRow element = type(t.element);
            ValueEncoding elementEncoding = encodingOf(t.element)[0];
            result = element.delimiter == ','
                    ? new ValueEncoding[] {ValueEncoding.ARRAY, elementEncoding}
                    : new ValueEncoding[] {ValueEncoding.STRING, null};
        } else {
            result = new ValueEncoding[] {scalarEncoding(oid), null};
        }
        encodingCache.put(typeOid, result);
        return result;
    }

    private static ValueEncoding scalarEncoding(long builtinOid) {
        return switch ((int) builtinOid) {
            case 20, 21, 23, 26 -> ValueEncoding.NUMBER; // int8, int2, int4, oid
            case 700, 701, 1700 -> ValueEncoding.DECIMAL; // float4, float8, numeric
            case 16 -> ValueEncoding.BOOLEAN;
            case 3802 -> ValueEncoding.JSON; // jsonb; json keeps its exact text as a string
            case 17 -> ValueEncoding.BASE64; // bytea
            default -> ValueEncoding.STRING;
        };
    }

    private record TypeRow(char kind, long baseType, long element, char delimiter, long elementArrayType) {}

    private TypeRow type(long oid) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(TYPE)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new BackupException(Kind.INTERNAL, "type " + oid + " not found in pg_type");
                }
                return new TypeRow(
                        rs.getString(1).charAt(0),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getString(4).charAt(0),
                        rs.getLong(5));
            }
        }
    }

    private static BackupException catalogError(SQLException e) {
        return new BackupException(Kind.INTERNAL, "reading the table catalog failed (" + e.getSQLState() + ")", e);
    }
}

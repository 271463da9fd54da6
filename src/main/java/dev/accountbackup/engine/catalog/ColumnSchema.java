package dev.accountbackup.engine.catalog;

/**
 * One column of a table as the catalog describes it.
 *
 * @param type            the type as PostgreSQL formats it (format_type), e.g. {@code character varying(80)}, {@code text[]}
 * @param encoding        how its values are written as JSON
 * @param elementEncoding for arrays, how elements are written; otherwise null
 * @param generated       a stored generated column: never written by a restore
 * @param identity        'a' (GENERATED ALWAYS), 'd' (BY DEFAULT) or '\0' (not an identity column)
 * @param sequence        the sequence owned by this column (serial or identity), qualified and quoted, or null
 * @param typeOid         the column's type as stored (a domain's own oid, not its base type's); 0 when not known
 */
public record ColumnSchema(
        String name,
        int position,
        String type,
        boolean nullable,
        boolean hasDefault,
        boolean generated,
        char identity,
        String sequence,
        ValueEncoding encoding,
        ValueEncoding elementEncoding,
        long typeOid) {

    public String quotedName() {
        return Identifiers.quote(name);
    }

    public boolean isIdentity() {
        return identity == 'a' || identity == 'd';
    }
}

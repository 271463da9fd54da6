package dev.accountbackup.engine.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.catalog.ForeignKey;
import dev.accountbackup.engine.manifest.ColumnEntry;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The account graph and the streaming sort of rows by account, on a schema with several levels of
 * children, a composite key, a self-reference, a many-to-many table and a lookup table.
 */
class AccountRowsTest {

    private static TableEntry table(String name, List<String> key, List<ForeignKey> fks, String... columns) {
        List<ColumnEntry> cols = new ArrayList<>();
        for (String c : columns) {
            cols.add(new ColumnEntry(c, c.equals("id") ? "bigint" : "text", true, null, null));
        }
        return new TableEntry("public", name, name + ".jsonl.zst", 0, 0, "", key, cols, fks);
    }

    private static ForeignKey fk(String name, List<String> cols, String table, List<String> refs) {
        return new ForeignKey(name, cols, "public", table, refs);
    }

    private static final TableEntry ROLES = table("roles", List.of("id"), List.of(), "id", "name");
    private static final TableEntry USERS = table(
            "users",
            List.of("id"),
            List.of(fk("users_invited_by_fkey", List.of("invited_by"), "users", List.of("id"))),
            "id",
            "email",
            "invited_by");
    private static final TableEntry SESSIONS = table(
            "sessions",
            List.of("provider", "uid", "n"),
            List.of(fk("sessions_identity_fkey", List.of("provider", "uid"), "identities", List.of("provider", "uid"))),
            "provider",
            "uid",
            "n");
    private static final TableEntry IDENTITIES = table(
            "identities",
            List.of("provider", "uid"),
            List.of(fk("identities_user_fkey", List.of("user_id"), "users", List.of("id"))),
            "provider",
            "uid",
            "user_id");
    private static final TableEntry USER_ROLES = table(
            "user_roles",
            List.of("user_id", "role_id"),
            List.of(
                    fk("user_roles_role_fkey", List.of("role_id"), "roles", List.of("id")),
                    fk("user_roles_user_fkey", List.of("user_id"), "users", List.of("id"))),
            "user_id",
            "role_id");

    /** Children listed before their parents, as a manifest may list them. */
    private static final Manifest MANIFEST = new Manifest(
            1, "b1", null, null, null, null, Map.of(), List.of(SESSIONS, USER_ROLES, ROLES, IDENTITIES, USERS));

    private static final Map<TableEntry, String> FILES = new LinkedHashMap<>();

    static {
        FILES.put(USERS, """
                {"id":1,"email":"a@example.org","invited_by":null}
                {"id":2,"email":"b@example.org","invited_by":1}
                {"id":3,"email":"c@example.org","invited_by":2}
                """);
        FILES.put(IDENTITIES, """
                {"provider":"google","uid":"g1","user_id":1}
                {"provider":"google","uid":"g2","user_id":2}
                {"provider":"github","uid":"g2","user_id":3}
                """);
        FILES.put(USER_ROLES, """
                {"user_id":1,"role_id":10}
                {"user_id":2,"role_id":10}
                {"user_id":2,"role_id":11}
                """);
        FILES.put(SESSIONS, """
                {"provider":"google","uid":"g2","n":1}
                {"provider":"github","uid":"g2","n":1}

                {"uid":"g2","n":2,"provider":"google"}
                """);
    }

    @Test
    void theGraphFollowsForeignKeysParentsFirstButNotSelfReferencesNorLookupTables() {
        AccountGraph graph = AccountGraph.of(MANIFEST, "users");

        assertEquals(
                List.of("public.users", "public.user_roles", "public.identities", "public.sessions"),
                graph.members().stream().map(AccountGraph.Member::displayName).toList());
        assertFalse(graph.contains(ROLES));
        assertEquals(2, graph.member(SESSIONS).orElseThrow().depth());
        String described = String.join("\n", graph.describe());
        assertTrue(described.contains("public.users (root, key id)"), described);
        assertTrue(
                described.contains(
                        "not followed: users_invited_by_fkey (invited_by) -> public.users (id) (self-reference"),
                described);
        assertTrue(
                described.contains("via sessions_identity_fkey (provider, uid) -> public.identities (provider, uid)"),
                described);
    }

    @Test
    void selectedAccountsKeepExactlyTheirRowsAtEveryLevel() throws IOException {
        AccountRows rows =
                new AccountRows(AccountGraph.of(MANIFEST, "public.users"), AccountSelector.keys(List.of("2", "99")));

        Map<String, String> kept = filterAll(rows, AccountRows.Keep.SELECTED);

        assertEquals("{\"id\":2,\"email\":\"b@example.org\",\"invited_by\":1}\n", kept.get("public.users"));
        assertEquals("{\"provider\":\"google\",\"uid\":\"g2\",\"user_id\":2}\n", kept.get("public.identities"));
        assertEquals("{\"user_id\":2,\"role_id\":10}\n{\"user_id\":2,\"role_id\":11}\n", kept.get("public.user_roles"));
        // the composite key tells google/g2 (account 2) from github/g2 (account 3); key order in a row does not matter
        assertEquals(
                "{\"provider\":\"google\",\"uid\":\"g2\",\"n\":1}\n{\"uid\":\"g2\",\"n\":2,\"provider\":\"google\"}\n",
                kept.get("public.sessions"));
        assertEquals(Set.of("2"), rows.accountsFound());
        assertEquals(Set.of("99"), rows.accountsNotFound());
        assertEquals(new AccountRows.TableCounts(3, 2), rows.counts(SESSIONS));
    }

    @Test
    void unselectedKeepsEverythingButTheSelectedAccountsIncludingTablesOutsideTheGraph() throws IOException {
        AccountRows rows =
                new AccountRows(AccountGraph.of(MANIFEST, "users"), AccountSelector.match("email", "b@example.org"));

        Map<String, String> kept = filterAll(rows, AccountRows.Keep.UNSELECTED);

        assertEquals(
                "{\"id\":1,\"email\":\"a@example.org\",\"invited_by\":null}\n"
                        + "{\"id\":3,\"email\":\"c@example.org\",\"invited_by\":2}\n",
                kept.get("public.users"));
        assertEquals("{\"user_id\":1,\"role_id\":10}\n", kept.get("public.user_roles"));
        assertEquals("{\"provider\":\"github\",\"uid\":\"g2\",\"n\":1}\n", kept.get("public.sessions"));
        InputStream roles = rows.filter(ROLES, stream("{\"id\":10}\n{\"id\":11}\n"), AccountRows.Keep.UNSELECTED);
        assertEquals("{\"id\":10}\n{\"id\":11}\n", new String(roles.readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void scanTellsWhichAccountEachRowBelongsTo() throws IOException {
        AccountRows rows = new AccountRows(AccountGraph.of(MANIFEST, "users"), AccountSelector.keys(List.of("2", "3")));
        rows.scan(USERS, stream(FILES.get(USERS)), (b, o, l, a) -> {});
        rows.scan(IDENTITIES, stream(FILES.get(IDENTITIES)), (b, o, l, a) -> {});
        List<String> seen = new ArrayList<>();
        rows.scan(
                SESSIONS,
                stream(FILES.get(SESSIONS)),
                (b, o, l, accounts) -> seen.add(accounts + " " + new String(b, o, l, StandardCharsets.UTF_8)));

        assertEquals(
                List.of(
                        "[2] {\"provider\":\"google\",\"uid\":\"g2\",\"n\":1}",
                        "[3] {\"provider\":\"github\",\"uid\":\"g2\",\"n\":1}",
                        "[2] {\"uid\":\"g2\",\"n\":2,\"provider\":\"google\"}"),
                seen);
    }

    @Test
    void aChildReadBeforeItsParentIsRefused() {
        AccountRows rows = new AccountRows(AccountGraph.of(MANIFEST, "users"), AccountSelector.keys(List.of("2")));
        assertThrows(
                IllegalStateException.class,
                () -> rows.filter(SESSIONS, stream(FILES.get(SESSIONS)), AccountRows.Keep.SELECTED)
                        .read());
    }

    @Test
    void badSelectionsAndBadFilesGetClearErrors() {
        assertContains("orders is not in backup b1", () -> AccountGraph.of(MANIFEST, "orders"));
        assertContains(
                "column phone is not a column of public.users",
                () -> new AccountRows(AccountGraph.of(MANIFEST, "users"), AccountSelector.match("phone", "1")));
        assertContains(
                "has 2 columns",
                () -> new AccountRows(AccountGraph.of(MANIFEST, "identities"), AccountSelector.keys(List.of("1"))));
        Manifest old = new Manifest(
                1,
                "b0",
                null,
                null,
                null,
                null,
                Map.of(),
                List.of(new TableEntry("public", "users", "f", 0, 0, "", List.of("id"), List.of())));
        assertContains("did not record foreign keys", () -> AccountGraph.of(old, "users"));

        // a row that is kept is checked whole; one left out is read only as far as its keys
        AccountRows rows = new AccountRows(AccountGraph.of(MANIFEST, "users"), AccountSelector.keys(List.of("1")));
        assertContains(
                "row 1 of the backup file of table public.users has a key twice",
                () -> rows.filter(USERS, stream("{\"id\":1,\"id\":2}\n"), AccountRows.Keep.SELECTED)
                        .readAllBytes());
        AccountRows again = new AccountRows(AccountGraph.of(MANIFEST, "users"), AccountSelector.keys(List.of("2")));
        assertContains(
                "row 1 of the backup file of table public.users is not a JSON object",
                () -> again.filter(USERS, stream("[1]\n"), AccountRows.Keep.SELECTED)
                        .readAllBytes());
    }

    /**
     * Rows are read only as far as their keys when laid out as exports write them, else parsed in
     * full; a key that cannot be read, or a kept row that is not valid JSON, fails naming table and
     * row, never a value.
     */
    @Test
    void rowsAreReadAsFarAsTheirKeysAndBadKeysOrBadKeptRowsAreRefused() throws IOException {
        String users = """
                {"id":1,"email":"a@example.org","invited_by":null,"secret":
                {"invited_by":null,"email":"b@example.org","id":2}
                {"id":3,"email":"c@example.org","invited_by":2}
                """;
        AccountRows rows = new AccountRows(AccountGraph.of(MANIFEST, "users"), AccountSelector.keys(List.of("2")));
        InputStream kept = rows.filter(USERS, stream(users), AccountRows.Keep.SELECTED);
        // row 1 is left out after its key; row 2, out of column order, is parsed in full
        assertEquals(
                "{\"invited_by\":null,\"email\":\"b@example.org\",\"id\":2}\n",
                new String(kept.readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(new AccountRows.TableCounts(3, 1), rows.counts(USERS));

        for (String bad : List.of(
                "{\"id\":1,\"email\":\"secret@example.org\",\"invited_by\":null,\"secret\"}", // kept
                "{\"id\":\"secret@example.org}",
                "{\"id\":1secret}",
                "{\"email\":\"secret@example.org\",\"id\":1,\"id\":2}")) {
            AccountRows one = new AccountRows(AccountGraph.of(MANIFEST, "users"), AccountSelector.keys(List.of("1")));
            BackupException e = assertThrows(
                    BackupException.class,
                    () -> one.filter(USERS, stream("{\"id\":5}\n" + bad + "\n"), AccountRows.Keep.SELECTED)
                            .readAllBytes(),
                    bad);
            assertEquals(BackupException.Kind.CORRUPT, e.kind());
            assertTrue(e.getMessage().startsWith("row 2 of the backup file of table public.users "), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        }
    }

    private static Map<String, String> filterAll(AccountRows rows, AccountRows.Keep keep) throws IOException {
        Map<String, String> kept = new LinkedHashMap<>();
        for (AccountGraph.Member m : rows.graph().members()) {
            InputStream in = rows.filter(m.table(), stream(FILES.get(m.table())), keep);
            kept.put(m.displayName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return kept;
    }

    private static void assertContains(String message, org.junit.jupiter.api.function.Executable call) {
        BackupException e = assertThrows(BackupException.class, call);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}

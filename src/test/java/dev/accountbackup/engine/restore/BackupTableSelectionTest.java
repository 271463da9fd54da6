package dev.accountbackup.engine.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.manifest.Compression;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupTableSelectionTest {

    private static TableEntry table(String schema, String name) {
        return new TableEntry(schema, name, "f", 0, 0, "", List.of(), List.of());
    }

    private static final Manifest MANIFEST = new Manifest(
            1,
            "b1",
            Instant.EPOCH,
            Instant.EPOCH,
            null,
            Compression.ZSTD,
            Map.of(),
            List.of(
                    table("public", "users"),
                    table("public", "user_identities"),
                    table("audit", "users"),
                    table("Sales", "Orders 2024"),
                    table("app", "events")));

    private static List<String> chosen(String... names) {
        return BackupTableSelection.choose(MANIFEST, List.of(names)).stream()
                .map(TableEntry::displayName)
                .toList();
    }

    @Test
    void noNamesMeansEveryTableInBackupOrder() {
        assertEquals(5, BackupTableSelection.choose(MANIFEST, List.of()).size());
        assertEquals(5, BackupTableSelection.choose(MANIFEST, null).size());
    }

    @Test
    void namesAreMatchedAsPostgresqlReadsThemAndKeptInBackupOrder() {
        assertEquals(List.of("public.users", "audit.users"), chosen("audit.users", "users"));
        assertEquals(List.of("Sales.Orders 2024"), chosen("\"Sales\".\"Orders 2024\""));
        assertEquals(List.of("app.events"), chosen("events", "APP.Events"));
        assertEquals(List.of("public.user_identities"), chosen("public.user_identities", "user_identities"));
    }

    @Test
    void unknownNamesAreAllReportedWithWhatTheBackupHolds() {
        BackupException e = assertThrows(BackupException.class, () -> chosen("users", "orders", "public.events"));
        assertEquals(Kind.INVALID, e.kind());
        assertTrue(
                e.getMessage().startsWith("tables orders, public.events are not in backup b1: it holds public.users,"),
                e.getMessage());
    }

    @Test
    void aNameInSeveralSchemasOutsidePublicMustBeQualified() {
        Manifest twoSchemas = new Manifest(
                1,
                "b2",
                Instant.EPOCH,
                Instant.EPOCH,
                null,
                Compression.ZSTD,
                Map.of(),
                List.of(table("a", "t"), table("b", "t")));
        BackupException e =
                assertThrows(BackupException.class, () -> BackupTableSelection.choose(twoSchemas, List.of("t")));
        assertTrue(e.getMessage().contains("matches 2 tables") && e.getMessage().contains("a.t, b.t"), e.getMessage());
        assertEquals(
                "b.t",
                BackupTableSelection.choose(twoSchemas, List.of("b.t")).get(0).displayName());
    }
}

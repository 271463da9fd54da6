package dev.accountbackup.operator.resolve;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantBoundaryTest {

    @Test
    void nothingIsOpenByDefault() {
        TenantBoundary b = TenantBoundary.fromEnvironment(Map.of());
        assertEquals(List.of(Path.of("/var/lib/account-backup")), b.filesystemRoots());
        assertEquals(Map.of(), b.crossNamespaceReads());
        assertFalse(b.mayUseOperatorIdentity("shop"));
        assertThrows(BackupException.class, () -> b.checkReadable("staging", "source.path", "prod/nightly"));
        assertDoesNotThrow(() -> b.checkReadable("staging", "source.path", "staging/nightly"));
    }

    @Test
    void theSettingsAreReadFromTheEnvironment() {
        TenantBoundary b = TenantBoundary.fromEnvironment(Map.of(
                TenantBoundary.ROOTS_VARIABLE, "/var/lib/account-backup, /mnt/backups/",
                TenantBoundary.READS_VARIABLE, "staging=prod, qa=prod, staging=dev",
                TenantBoundary.CREDENTIALS_VARIABLE, "prod,billing"));
        assertEquals(List.of(Path.of("/var/lib/account-backup"), Path.of("/mnt/backups")), b.filesystemRoots());
        assertEquals(Map.of("staging", Set.of("prod", "dev"), "qa", Set.of("prod")), b.crossNamespaceReads());
        assertTrue(b.mayUseOperatorIdentity("billing"));
        assertFalse(b.mayUseOperatorIdentity("shop"));
        assertDoesNotThrow(() -> b.checkReadable("staging", "source.path", "dev/nightly"));
        assertThrows(
                BackupException.class,
                () -> b.checkReadable("prod", "source.path", "staging/nightly"),
                "the allow-list is one way");
        assertTrue(TenantBoundary.fromEnvironment(Map.of(TenantBoundary.CREDENTIALS_VARIABLE, "*"))
                .mayUseOperatorIdentity("any"));
    }

    @Test
    void malformedSettingsNameTheirVariable() {
        for (Map<String, String> env : List.of(
                Map.of(TenantBoundary.ROOTS_VARIABLE, "relative/dir"),
                Map.of(TenantBoundary.ROOTS_VARIABLE, "/var/lib/../etc"),
                Map.of(TenantBoundary.READS_VARIABLE, "staging"),
                Map.of(TenantBoundary.READS_VARIABLE, "staging=Prod_1"),
                Map.of(TenantBoundary.CREDENTIALS_VARIABLE, "shop/x"))) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> TenantBoundary.fromEnvironment(env), env.toString());
            assertTrue(e.getMessage().startsWith(env.keySet().iterator().next()), e.getMessage());
        }
    }

    @Test
    void aFilesystemPathMustBeAConfiguredRootItself() {
        TenantBoundary b = TenantBoundary.defaults().withFilesystemRoots(Path.of("/var/lib/account-backup"));
        assertEquals(
                Path.of("/var/lib/account-backup"), b.filesystemRoot("filesystem.path", "/var/lib/account-backup/"));
        for (String path : List.of(
                "/var/lib/account-backup/shop",
                "/var/lib/account-backup/../x",
                "/var/lib/account-backup/.",
                "/var/lib/account-backup/shop/..",
                "/tmp/anywhere",
                "var/lib/account-backup",
                "/var/lib/account-backup\u0000")) {
            BackupException e =
                    assertThrows(BackupException.class, () -> b.filesystemRoot("filesystem.path", path), path);
            assertEquals(BackupException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage().contains("use one of /var/lib/account-backup"), e.getMessage());
        }
    }

    @Test
    void aNamespaceFolderAloneIsNotABackupFolder() {
        TenantBoundary b = TenantBoundary.defaults();
        assertThrows(BackupException.class, () -> b.checkReadable("shop", "source.path", "shop"));
    }
}

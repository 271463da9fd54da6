package dev.accountbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.db.DatabaseTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    @TempDir
    Path dir;

    @Test
    void parsesUserHostPortDatabaseAndSslMode() {
        DatabaseTarget t = DatabaseUrl.parse(
                "postgresql://app@db.internal:6432/shop?sslmode=require", Map.of("PGPASSWORD", "s3cret"));
        assertEquals("db.internal", t.host());
        assertEquals(6432, t.port());
        assertEquals("shop", t.database());
        assertEquals("app", t.user());
        assertEquals("s3cret", t.password());
        assertEquals("require", t.sslMode());
        assertFalse(t.toString().contains("s3cret"), "the password never shows in text");
    }

    @Test
    void defaultsPortAndDecodesNames() {
        DatabaseTarget t = DatabaseUrl.parse("postgresql://app%40corp@db/my%20db", Map.of());
        assertEquals(5432, t.port());
        assertEquals("app@corp", t.user());
        assertEquals("my db", t.database());
        assertNull(t.sslMode());
    }

    @Test
    void refusesPasswordsOnTheCommandLineWithoutEchoingThem() {
        BackupException e = assertThrows(
                BackupException.class, () -> DatabaseUrl.parse("postgresql://app:hunter2@db/shop", Map.of()));
        assertTrue(e.getMessage().contains("PGPASSWORD"));
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void rejectsOtherSchemesAndMissingParts() {
        assertThrows(BackupException.class, () -> DatabaseUrl.parse("mysql://app@db/shop", Map.of()));
        assertThrows(BackupException.class, () -> DatabaseUrl.parse("postgresql://app@db", Map.of()));
    }

    @Test
    void readsThePasswordFileWithWildcardsEscapesAndFirstMatch() throws Exception {
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(
                pgpass,
                String.join(
                        "\n",
                        "# comment",
                        "other:5432:shop:app:wrong",
                        "db.internal:*:shop:app:pa\\:ss\\\\word",
                        "*:*:*:app:fallback"));
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = Map.of("PGPASSFILE", pgpass.toString());
        assertEquals(
                "pa:ss\\word",
                DatabaseUrl.parse("postgresql://app@db.internal:7000/shop", env).password());
        assertEquals(
                "fallback",
                DatabaseUrl.parse("postgresql://app@elsewhere/other", env).password());
        assertEquals(
                "from-env",
                DatabaseUrl.parse(
                                "postgresql://app@db.internal/shop",
                                Map.of("PGPASSFILE", pgpass.toString(), "PGPASSWORD", "from-env"))
                        .password());
    }

    @Test
    void ignoresAPasswordFileOthersCanRead() throws Exception {
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "*:*:*:*:secret\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        assertNull(DatabaseUrl.parse("postgresql://app@db/shop", Map.of("PGPASSFILE", pgpass.toString()))
                .password());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "postgresql://app@127.0.0.1/shop?PGPORT=55433",
                "postgresql://app@127.0.0.1/shop?PGDBNAME=other_db",
                "postgresql://app@h/x?socketFactory=java.lang.String&y=",
                "postgresql://app@db/shop?sslmode=require&ApplicationName=x",
                "postgresql://app@db/shop?options=-c%20role%3Dadmin",
                "postgresql://app@db/shop?sslmode",
            })
    void refusesEveryQueryParameterButSslMode(String url) {
        BackupException e = assertThrows(BackupException.class, () -> DatabaseUrl.parse(url, Map.of()));
        assertTrue(e.getMessage().startsWith("--database query parameter '"), e.getMessage());
        assertTrue(e.getMessage().endsWith("is not accepted: only sslmode=MODE is"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "postgresql://app@[fe80::1%25eth0]/shop",
                "postgresql://app@a_b/shop",
                "postgresql://app@h@x/shop",
                "postgresql://app@127.0.0.1%2Fother_db/shop",
                "postgresql://app@ db/shop",
                "postgresql://app@db\n/shop",
                "postgresql://app@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example/shop",
                "postgresql://app@db/shop#PGDBNAME=x",
                "postgresql://app@db,other/shop",
            })
    void refusesHostsThatAreNotOneHost(String url) {
        BackupException e = assertThrows(BackupException.class, () -> DatabaseUrl.parse(url, Map.of()));
        assertTrue(e.getMessage().startsWith("--database"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void takesIpv6AddressesInBracketsAndHandsThemOverBare() {
        DatabaseTarget t = DatabaseUrl.parse("postgresql://app@[::1]:6432/shop", Map.of());
        assertEquals("::1", t.host());
        assertEquals(6432, t.port());
        assertEquals(
                "accounts-db.c9akciq32.eu-west-3.rds.amazonaws.com",
                DatabaseUrl.parse("postgresql://app@accounts-db.c9akciq32.eu-west-3.rds.amazonaws.com/shop", Map.of())
                        .host());
    }

    @Test
    void anEscapedQueryInTheDatabaseNameStaysPartOfTheName() {
        assertEquals(
                "shop?PGDBNAME=other",
                DatabaseUrl.parse("postgresql://app@db/shop%3FPGDBNAME=other", Map.of())
                        .database());
    }
}

package dev.accountbackup.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Host, port, database and user reach the driver as separate properties: no value can choose another
 * database, port or driver setting (issue 10, defect 2).
 */
class ConnectionsTest {

    private static DatabaseTarget shop;

    @BeforeAll
    static void databases() {
        shop = TestPostgres.newDatabase();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1/other_db?PGPORT=55433&ApplicationName=x&y=",
                "h/x?socketFactory=java.lang.String&y=",
                "a.b/c",
                "postgres@127.0.0.1",
                "127.0.0.1%2Fother_db",
                "127.0.0.1 ",
                " 127.0.0.1",
                "127.0.0.1\nother",
                "127.0.0.1:5432",
                "127.0.0.1,10.0.0.1",
                "[::1]",
                "fe80::1%eth0",
                "fe80::1%25eth0",
                "1:2:3:4:5:6:7:8:9",
                "1:::2",
                "-leading-hyphen.example",
                "under_score.example",
                "256.1.1.1.example-",
                "a..b",
            })
    void aHostThatIsNotOneHostIsRefusedBeforeAnyConnection(String host) {
        BackupException e =
                assertThrows(BackupException.class, () -> new DatabaseTarget(host, 5432, "shop", "app", "pw", null));
        assertEquals(Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("database host "), e.getMessage());
        assertTrue(e.getMessage().contains("is not a DNS name or an IP address"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "a message stays one line");
        assertFalse(e.getMessage().contains("pw"));
    }

    @Test
    void anOverlongLabelOrNameIsRefused() {
        String label = "a".repeat(64);
        assertThrows(
                BackupException.class, () -> new DatabaseTarget(label + ".example", 5432, "shop", "app", null, null));
        assertThrows(
                BackupException.class,
                () -> new DatabaseTarget(
                        ("a".repeat(60) + ".").repeat(5) + "example", 5432, "shop", "app", null, null));
        BackupException longName = assertThrows(
                BackupException.class, () -> new DatabaseTarget("db", 5432, "d".repeat(64), "app", null, null));
        assertEquals("database name is longer than PostgreSQL's limit of 63 bytes", longName.getMessage());
        // 63 bytes, not characters: 32 two-byte letters are too many
        assertThrows(BackupException.class, () -> new DatabaseTarget("db", 5432, "é".repeat(32), "app", null, null));
        BackupException nul =
                assertThrows(BackupException.class, () -> new DatabaseTarget("db", 5432, "shop", "app\0x", null, null));
        assertEquals("database user name contains a NUL character", nul.getMessage());
        assertThrows(BackupException.class, () -> new DatabaseTarget("db", 70000, "shop", "app", null, null));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "127.0.0.1",
                "::1",
                "0:0:0:0:0:0:0:1",
                "::ffff:127.0.0.1",
                "db",
                "shop-db.internal.",
                "accounts-db.c9akciq32.eu-west-3.rds.amazonaws.com",
                "fd00::5"
            })
    void validHostsAreAccepted(String host) {
        assertEquals(host, new DatabaseTarget(host, 5432, "shop", "app", null, null).host());
    }

    @Test
    void connectsByNameAndAddress() throws Exception {
        for (String host : List.of("127.0.0.1", "localhost")) {
            DatabaseTarget target = new DatabaseTarget(host, shop.port(), shop.database(), shop.user(), null, null);
            assertEquals(shop.database(), currentDatabase(target), host);
        }
    }

    @Test
    void anIpv6AddressReachesTheDriverAsAnAddress() {
        DatabaseTarget target = new DatabaseTarget("::1", shop.port(), shop.database(), shop.user(), null, null);
        try {
            assertEquals(shop.database(), currentDatabase(target));
        } catch (BackupException e) {
            // the test server may not listen on ::1 or allow logins from it: either way the address went to the
            // network, unchanged
            assertNotEquals(Kind.INVALID, e.kind(), e.getMessage());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDatabaseNameIsOneNameNeverAUrl() {
        DatabaseTarget other = TestPostgres.newDatabase();
        for (String name : List.of(
                shop.database() + "?PGDBNAME=" + other.database(),
                "x/" + other.database(),
                "%2F" + other.database(),
                other.database() + "&socketFactory=java.lang.String")) {
            DatabaseTarget target = new DatabaseTarget(shop.host(), shop.port(), name, shop.user(), null, null);
            BackupException e = assertThrows(BackupException.class, () -> Connections.open(target), name);
            assertEquals(
                    "database '" + name + "' does not exist on " + shop.host() + ":" + shop.port(), e.getMessage());
        }
    }

    @Test
    void aUserNameIsOneNameNeverASetting() {
        DatabaseTarget target =
                new DatabaseTarget(shop.host(), shop.port(), shop.database(), "postgres&options=-c role=x", null, null);
        BackupException e = assertThrows(BackupException.class, () -> Connections.open(target));
        assertNotEquals(Kind.INVALID, e.kind(), "the login was tried with that odd name and refused, nothing else");
    }

    private static String currentDatabase(DatabaseTarget target) throws Exception {
        try (Connection c = Connections.open(target);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}

package dev.accountbackup.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.accountbackup.engine.db.DatabaseTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class InfrastructureSmokeTest {

    @Test
    void sampleAccountsAreSeededDeterministically() throws Exception {
        DatabaseTarget db = TestPostgres.newAccountsDatabase(100);
        try (Connection c = TestPostgres.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM user_identities), (SELECT count(*) FROM user_profiles), (SELECT md5(string_agg(u::text, '|' ORDER BY id)) FROM users u)")) {
            rs.next();
            assertEquals(100, rs.getLong(1));
            assertEquals(142, rs.getLong(2));
            assertEquals(90, rs.getLong(3));
            String firstDigest = rs.getString(4);
            DatabaseTarget again = TestPostgres.newAccountsDatabase(100);
            try (Connection c2 = TestPostgres.connect(again);
                    Statement st2 = c2.createStatement();
                    ResultSet rs2 = st2.executeQuery("SELECT md5(string_agg(u::text, '|' ORDER BY id)) FROM users u")) {
                rs2.next();
                assertEquals(firstDigest, rs2.getString(1));
            }
        }
    }

    @Test
    void inProcessS3StoresObjects() {
        String bucket = TestS3.newBucket();
        try (S3Client s3 = TestS3.client()) {
            s3.putObject(b -> b.bucket(bucket).key("a/b.txt"), RequestBody.fromString("hello"));
            assertEquals(
                    "hello",
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key("a/b.txt")).asUtf8String());
        }
    }
}

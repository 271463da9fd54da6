package dev.accountbackup.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.accountbackup.testing.FakeRds;
import org.junit.jupiter.api.Test;

class RdsConnectionTest {

    private static final String ENDPOINT_PROPERTY = "aws.endpointUrlRds";

    @Test
    void withoutOverrideTheStandardEndpointSettingIsHonoured() {
        String before = System.getProperty(ENDPOINT_PROPERTY);
        try (FakeRds fake = FakeRds.start()) {
            fake.addInstance("eu-west-3", "shop-db", false);
            System.setProperty(ENDPOINT_PROPERTY, fake.endpoint().toString());
            try (RdsConnection rds = new RdsConnection(FakeRds.CREDENTIALS, null)) {
                assertEquals(
                        1,
                        rds.client("eu-west-3")
                                .describeDBInstances()
                                .dbInstances()
                                .size());
            }
            assertEquals(1, fake.calls("DescribeDBInstances"));
        } finally {
            if (before == null) {
                System.clearProperty(ENDPOINT_PROPERTY);
            } else {
                System.setProperty(ENDPOINT_PROPERTY, before);
            }
        }
    }

    @Test
    void oneClientPerRegionUntilClosed() {
        try (FakeRds fake = FakeRds.start()) {
            RdsConnection rds = fake.connection();
            assertEquals(rds.client("eu-west-3"), rds.client("eu-west-3"));
            rds.close();
            assertThrows(IllegalStateException.class, () -> rds.client("eu-west-3"));
        }
    }
}

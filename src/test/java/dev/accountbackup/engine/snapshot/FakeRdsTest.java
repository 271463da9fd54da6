package dev.accountbackup.engine.snapshot;

import dev.accountbackup.testing.FakeRds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Engine tests against a fresh in-process RDS each: {@code fake} to arrange and inspect, {@code rds} to call it. */
abstract class FakeRdsTest {

    protected FakeRds fake;
    protected RdsConnection rds;

    @BeforeEach
    void startFakeRds() {
        fake = FakeRds.start();
        rds = fake.connection();
    }

    @AfterEach
    void stopFakeRds() {
        rds.close();
        fake.close();
    }
}

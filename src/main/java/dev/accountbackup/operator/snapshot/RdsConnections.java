package dev.accountbackup.operator.snapshot;

import dev.accountbackup.engine.snapshot.RdsConnection;
import dev.accountbackup.engine.storage.AwsCredentials;
import java.net.URI;

/** Opens connections to RDS; the operator uses AWS's own endpoints (or the standard AWS endpoint settings), tests a local one. */
@FunctionalInterface
public interface RdsConnections {

    /** @param credentials null for the AWS default credentials chain */
    RdsConnection open(AwsCredentials credentials);

    static RdsConnections standard() {
        return credentials -> new RdsConnection(credentials, null);
    }

    static RdsConnections at(URI endpoint) {
        return credentials -> new RdsConnection(credentials, endpoint);
    }
}

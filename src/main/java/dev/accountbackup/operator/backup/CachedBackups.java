package dev.accountbackup.operator.backup;

import dev.accountbackup.api.AccountBackup;
import java.util.Optional;

/** The AccountBackups the operator's informer holds, by namespace and name: no request to the API server. */
@FunctionalInterface
public interface CachedBackups {

    /** @return empty when the informer does not hold it (it may have been created a moment ago), or has not started */
    Optional<AccountBackup> get(String namespace, String name);
}

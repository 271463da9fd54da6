package dev.accountbackup.engine.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The accounts a backup holds when it holds only some of them (the safety copy of a restore of
 * chosen accounts), in the form an AccountRestore's {@code spec.accounts} takes: the root table and
 * either the accounts' keys or a match. A restore from such a backup restores only these accounts.
 *
 * @param root  the root table, as schema.table
 * @param keys  the accounts' primary key values, as text; null when chosen by a match
 * @param match one root column and the value it equals; null when chosen by key
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountsScope(String root, List<String> keys, Map<String, String> match) {

    public AccountsScope {
        keys = keys == null ? null : List.copyOf(keys);
        match = match == null ? null : Map.copyOf(match);
    }
}

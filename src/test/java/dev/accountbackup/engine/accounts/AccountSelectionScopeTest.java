package dev.accountbackup.engine.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.manifest.AccountsScope;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The accounts a manifest says its backup holds are read like any input: checked, and never echoed. */
class AccountSelectionScopeTest {

    @Test
    void keysAndAMatchBecomeTheSelectionsASpecWouldGive() {
        AccountSelection keys = AccountSelection.of(new AccountsScope("public.users", List.of("4711"), null), "b1");
        assertEquals("public.users", keys.root());
        assertEquals(Set.of("4711"), keys.selector().requestedKeys());

        AccountSelection match =
                AccountSelection.of(new AccountsScope("public.users", null, Map.of("email", "x@example.org")), "b1");
        assertEquals("a match on email", match.selector().describe());
    }

    @Test
    void aScopeThatIsNotValidMakesTheBackupUnusableWithoutEchoingItsValues() {
        List<AccountsScope> invalid = List.of(
                new AccountsScope("public.users", null, null),
                new AccountsScope("public.users", List.of(), null),
                new AccountsScope("public.users", List.of("1"), Map.of("email", "x@example.org")),
                new AccountsScope("public.users", null, Map.of("email", "x@example.org", "name", "X")),
                new AccountsScope("public.users", List.of("secret\u0001key"), null),
                new AccountsScope("public.users", Collections.nCopies(AccountSelection.MAX_KEYS + 1, "1"), null),
                new AccountsScope("public.\"users", List.of("1"), null));
        for (AccountsScope scope : invalid) {
            BackupException e = assertThrows(BackupException.class, () -> AccountSelection.of(scope, "b1"));
            assertEquals(BackupException.Kind.CORRUPT, e.kind(), scope.toString());
            assertTrue(e.getMessage().contains("backup b1"), e.getMessage());
            assertFalse(e.getMessage().contains("secret") || e.getMessage().contains("x@example.org"), e.getMessage());
        }
    }
}

package dev.accountbackup.operator.restore;

import dev.accountbackup.api.RestoreDiffStatus;
import dev.accountbackup.engine.restore.AccountDiffResult;
import dev.accountbackup.engine.restore.AccountDiffResult.AccountChange;
import dev.accountbackup.engine.restore.AccountDiffResult.TableDiff;
import java.util.ArrayList;
import java.util.List;

/** The status form of an account diff: counts, per-table rows and columns, and at most {@link RestoreDiffStatus#MAX_LISTED} keys. */
final class RestoreDiffStatuses {

    private RestoreDiffStatuses() {}

    static RestoreDiffStatus of(AccountDiffResult diff) {
        RestoreDiffStatus status = new RestoreDiffStatus();
        status.setAccountsDeleted(diff.accountsDeleted());
        status.setAccountsChanged(diff.accountsChanged());
        status.setAccountsAdded(diff.accountsAdded());
        List<AccountChange> listed =
                diff.accounts().subList(0, Math.min(diff.accounts().size(), RestoreDiffStatus.MAX_LISTED));
        for (AccountChange account : listed) {
            switch (account.change()) {
                case "deleted" -> status.getDeleted().add(account.key());
                case "added" -> status.getAdded().add(account.key());
                default -> status.getChanged().add(account.key());
            }
        }
        status.setNotListed(diff.accountsDiffering() - listed.size());
        List<RestoreDiffStatus.Table> tables = new ArrayList<>();
        for (TableDiff t : diff.tables()) {
            RestoreDiffStatus.Table table = new RestoreDiffStatus.Table();
            table.setName(t.table());
            table.setDeleted(t.deleted());
            table.setAdded(t.added());
            table.setChanged(t.changed());
            table.setChangedColumns(new ArrayList<>(t.changedColumns()));
            tables.add(table);
        }
        status.setTables(tables);
        return status;
    }
}

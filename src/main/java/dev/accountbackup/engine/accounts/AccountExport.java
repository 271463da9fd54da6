package dev.accountbackup.engine.accounts;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountGraph.Member;
import dev.accountbackup.engine.db.Connections;
import dev.accountbackup.engine.db.DatabaseTarget;
import dev.accountbackup.engine.export.SqlFailures;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.restore.BackupFiles;
import dev.accountbackup.engine.storage.BackupLocation;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subject access and portability: the selected accounts, each as one JSON document holding its
 * root row and every row that depends on it, read from a backup or from the live database. Memory
 * grows with the selected accounts' rows, not with the tables.
 */
public final class AccountExport {

    private static final Logger LOG = LoggerFactory.getLogger(AccountExport.class);

    /**
     * @param documents one per account found, in key order
     * @param notFound  keys asked for that the source does not hold
     * @param backupId  the backup read; null for the live database
     */
    public record Result(List<AccountDocument> documents, Set<String> notFound, String backupId) {}

    /**
     * Reads the accounts from a backup: one streaming pass over each account table's file, parents
     * first, each file decrypted and checked against the manifest as a restore checks it.
     *
     * @throws BackupException INVALID for a root or selection that does not fit the backup (or a backup
     *                         made before foreign keys were recorded), CORRUPT for a damaged backup
     */
    public Result fromBackup(BackupLocation location, String backupIdOrLatest, AccountSelection selection) {
        Manifest manifest = location.resolve(backupIdOrLatest);
        AccountGraph graph = AccountGraph.of(manifest, selection.root());
        AccountRows rows = new AccountRows(graph, selection.selector());
        AccountDocuments documents = new AccountDocuments(graph);
        BackupFiles files = new BackupFiles(location, manifest);
        for (Member member : graph.members()) {
            files.read(member.table(), in -> {
                scan(rows, member, in, documents);
                return rows.counts(member.table()).rows();
            });
        }
        LOG.info(
                "exported {} account(s) of {} ({}) from backup {}",
                rows.accountsFound().size(),
                graph.root().displayName(),
                selection.selector().describe(),
                manifest.backupId());
        return new Result(
                documents.write(AccountDocuments.Source.backup(manifest.backupId(), manifest.startedAt())),
                rows.accountsNotFound(),
                manifest.backupId());
    }

    /**
     * Reads the accounts from the live database, in one read-only transaction, with the graph of
     * the live schema's foreign keys: for an account unchanged since a backup, the document's
     * tables equal those of the document read from the backup.
     */
    public Result fromDatabase(DatabaseTarget target, AccountSelection selection) {
        Connection connection = Connections.open(target);
        try {
            connection.setAutoCommit(false);
            Connections.execute(connection, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            Instant readAt = Instant.now();
            LiveAccounts live = new LiveAccounts(connection, selection.root());
            AccountRows rows = new AccountRows(live.graph(), selection.selector());
            live.bind(selection.selector());
            AccountDocuments documents = new AccountDocuments(live.graph());
            for (Member member : live.graph().members()) {
                scan(rows, member, live.rows(member, selection.selector()), documents);
            }
            connection.rollback();
            LOG.info(
                    "exported {} account(s) of {} ({}) from database {}",
                    rows.accountsFound().size(),
                    live.graph().root().displayName(),
                    selection.selector().describe(),
                    target.describe());
            return new Result(
                    documents.write(AccountDocuments.Source.liveDatabase(target.database(), readAt)),
                    rows.accountsNotFound(),
                    null);
        } catch (SQLException e) {
            throw SqlFailures.whileExporting("reading accounts from " + target.describe(), e);
        } catch (IOException e) {
            throw new BackupException(
                    BackupException.Kind.INTERNAL,
                    "reading accounts from " + target.describe() + " failed: " + e.getMessage(),
                    e);
        } finally {
            Connections.closeQuietly(connection);
        }
    }

    private static void scan(AccountRows rows, Member member, InputStream in, AccountDocuments documents)
            throws IOException {
        try {
            rows.scan(member.table(), in, documents.collector(member));
        } catch (JsonLines.LineTooLongException e) {
            throw BackupException.invalid("a row of table " + member.displayName() + " cannot be exported: "
                    + e.getMessage() + " (the largest row an account export holds)");
        }
    }
}

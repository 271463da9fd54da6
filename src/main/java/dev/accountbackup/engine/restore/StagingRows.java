package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountGraph;
import dev.accountbackup.engine.accounts.AccountRows;
import dev.accountbackup.engine.accounts.AccountSample;
import dev.accountbackup.engine.manifest.Manifest;
import dev.accountbackup.engine.manifest.TableEntry;
import dev.accountbackup.engine.masking.KeyedHash;
import dev.accountbackup.engine.masking.MaskPlan;
import dev.accountbackup.engine.masking.MaskedCopy;
import dev.accountbackup.engine.masking.Purposes;
import dev.accountbackup.engine.storage.HashingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

/**
 * The steps a masked copy adds to the rows on their way into the database: a sample's accounts
 * only (with everything they own; tables outside the account graph whole), then masked.
 */
final class StagingRows {

    private final MaskPlan masks;
    private final AccountRows sampled;
    private final int sampledAccounts;

    private StagingRows(MaskPlan masks, AccountRows sampled, int sampledAccounts) {
        this.masks = masks;
        this.sampled = sampled;
        this.sampledAccounts = sampledAccounts;
    }

    /** Checks the rules against the manifest: before the target is even connected to. */
    static MaskPlan plan(MaskedCopy copy, List<TableEntry> tables) {
        return copy.rules() == null ? null : MaskPlan.of(copy.rules(), copy.salt(), tables);
    }

    /** Picks the sample, reading the root table's file once (it was verified before). */
    static StagingRows of(
            MaskedCopy copy, MaskPlan masks, Manifest manifest, List<TableEntry> tables, BackupFiles files) {
        if (copy.sample() == null) {
            return new StagingRows(masks, null, 0);
        }
        AccountGraph graph = AccountGraph.of(manifest, copy.sample().root());
        TableEntry root = graph.root().table();
        for (AccountGraph.Member member : graph.members()) {
            if (!tables.contains(member.table())) {
                throw BackupException.invalid("a sample of " + root.displayName() + " restores its accounts with"
                        + " everything they own: restore table " + member.displayName() + " too");
            }
        }
        KeyedHash hash = new KeyedHash(copy.salt());
        Set<String> keys;
        try (InputStream file = files.open(root);
                HashingInputStream stored = new HashingInputStream(file)) {
            keys = copy.sample().pick(graph, files.rows(root, stored), key -> hash.longOf(Purposes.SAMPLE, key));
            stored.drain();
            files.check(root, stored);
        } catch (IOException e) {
            throw files.damaged(root, "it cannot be read: " + e.getMessage());
        }
        return new StagingRows(masks, new AccountRows(graph, AccountSample.selector(keys)), keys.size());
    }

    /** {@code rows} sampled, then masked; parents of a sampled table that were not read yet are read with {@code opener}. */
    TableRows steps(TableRows rows, AccountRows.RowsOpener opener) {
        TableRows kept = sampled == null ? rows : rows.sampling(sampled, opener);
        return masks == null ? kept : kept.masking(masks);
    }

    /** The number of accounts sampled; 0 without a sample. */
    int sampledAccounts() {
        return sampledAccounts;
    }
}

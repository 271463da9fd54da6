package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountGraph;
import dev.accountbackup.engine.accounts.AccountRows;
import dev.accountbackup.engine.accounts.AccountRows.Keep;
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
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows of a masked copy on their way into the database: a sample's accounts only (with
 * everything they own; tables outside the account graph whole), then masked.
 */
final class StagingRows {

    private final MaskPlan masks;
    private final AccountRows sampled;
    private final int sampledAccounts;
    private final BackupFiles files;
    private final Set<TableEntry> read = new HashSet<>();

    private StagingRows(MaskPlan masks, AccountRows sampled, int sampledAccounts, BackupFiles files) {
        this.masks = masks;
        this.sampled = sampled;
        this.sampledAccounts = sampledAccounts;
        this.files = files;
    }

    /** Checks the rules against the manifest: before the target is even connected to. */
    static MaskPlan plan(MaskedCopy copy, List<TableEntry> tables) {
        return copy.rules() == null ? null : MaskPlan.of(copy.rules(), copy.salt(), tables);
    }

    /** Picks the sample, reading the root table's file once (it was verified before). */
    static StagingRows of(
            MaskedCopy copy, MaskPlan masks, Manifest manifest, List<TableEntry> tables, BackupFiles files) {
        if (copy.sample() == null) {
            return new StagingRows(masks, null, 0, files);
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
        return new StagingRows(masks, new AccountRows(graph, AccountSample.selector(keys)), keys.size(), files);
    }

    /** The rows of {@code table} to load, from its decompressed file. */
    InputStream rows(TableEntry table, InputStream jsonLines) {
        InputStream rows = jsonLines;
        if (sampled != null && sampled.graph().contains(table)) {
            readParents(table);
            rows = sampled.filter(table, rows, Keep.SELECTED);
            read.add(table);
        }
        if (masks != null) {
            InputStream unmasked = rows;
            rows = masks.table(table).map(m -> m.mask(unmasked)).orElse(unmasked);
        }
        return rows;
    }

    /** The rows the file held, to check against the manifest: a sample loads fewer. */
    long rowsRead(TableEntry table, long loaded) {
        if (sampled != null && sampled.graph().contains(table)) {
            return sampled.counts(table).rows();
        }
        return loaded;
    }

    MaskPlan masks() {
        return masks;
    }

    /** The number of accounts sampled; 0 without a sample. */
    int sampledAccounts() {
        return sampledAccounts;
    }

    /**
     * A child's rows belong to the sample through its parents' rows: tables are loaded parents
     * first, but a table that was not empty is staged before one that was, so a parent not read
     * yet is read (and its rows dropped) first.
     */
    private void readParents(TableEntry table) {
        for (AccountGraph.Link link :
                sampled.graph().member(table).orElseThrow().links()) {
            TableEntry parent = link.parent();
            if (!read.contains(parent)) {
                readParents(parent);
                try (InputStream file = files.open(parent);
                        InputStream rows = sampled.filter(parent, files.rows(parent, file), Keep.SELECTED)) {
                    rows.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw files.damaged(parent, "it cannot be read: " + e.getMessage());
                }
                read.add(parent);
            }
        }
    }
}

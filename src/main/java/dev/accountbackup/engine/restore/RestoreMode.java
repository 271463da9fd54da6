package dev.accountbackup.engine.restore;

import java.util.Locale;

/** What a restore does with rows, identified by primary key. */
public enum RestoreMode {
    /** Insert rows whose key is absent; rows that exist are left untouched. */
    INSERT_MISSING("InsertMissing"),
    /** Insert missing rows and overwrite existing ones with the backup's values. */
    UPSERT("Upsert"),
    /** Make the tables equal to the backup: delete rows absent from it, overwrite, insert. */
    REPLACE("Replace");

    private final String specName;

    RestoreMode(String specName) {
        this.specName = specName;
    }

    /** The name used in manifests (InsertMissing, Upsert, Replace). */
    public String specName() {
        return specName;
    }

    /** Accepts InsertMissing, insert-missing, INSERT_MISSING and the like. */
    public static RestoreMode parse(String text) {
        if (text == null || text.isBlank()) {
            return INSERT_MISSING;
        }
        String norm = text.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        for (RestoreMode m : values()) {
            if (m.specName.toLowerCase(Locale.ROOT).equals(norm)) {
                return m;
            }
        }
        throw dev.accountbackup.engine.BackupException.invalid(
                "mode '" + text + "' is not one of InsertMissing, Upsert, Replace");
    }
}

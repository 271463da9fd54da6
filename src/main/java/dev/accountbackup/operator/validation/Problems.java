package dev.accountbackup.operator.validation;

import dev.accountbackup.engine.BackupException;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a spec, so that the user fixes them all in one go. */
final class Problems {

    private final List<String> problems = new ArrayList<>();

    void add(String problem) {
        problems.add(problem);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw BackupException.invalid("invalid spec: " + String.join("; ", problems));
        }
    }
}

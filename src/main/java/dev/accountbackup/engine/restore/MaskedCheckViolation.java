package dev.accountbackup.engine.restore;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.BackupException.Kind;
import dev.accountbackup.engine.masking.MaskPlan;
import dev.accountbackup.engine.masking.MaskPlan.MaskedColumn;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * A check constraint of the target that a masked value broke, told as such: a check cannot be evaluated before the
 * rows are written, so the database checks it inside the restore's transaction, which then rolls back.
 */
final class MaskedCheckViolation {

    private static final String CHECK_VIOLATION = "23514";

    private MaskedCheckViolation() {}

    /** {@code failure} restoring {@code plan}'s table, explained when a masked column broke a check; else itself. */
    static BackupException explain(BackupException failure, TablePlan plan, MaskPlan masks) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof PSQLException e && CHECK_VIOLATION.equals(e.getSQLState())) {
                ServerErrorMessage server = e.getServerErrorMessage();
                List<MaskedColumn> masked = server == null || server.getConstraint() == null
                        ? List.of()
                        : masks.checkedBy(plan.entry().displayName(), server.getConstraint());
                if (masked.isEmpty()) {
                    return failure;
                }
                return new BackupException(
                        Kind.INVALID,
                        "restoring table " + plan.displayName() + " failed: a masked value violates check constraint "
                                + server.getConstraint() + " of table " + plan.displayName() + " (masked column "
                                + masked.stream().map(MaskedColumn::describe).collect(Collectors.joining(", "))
                                + "): change the masking rule, or the constraint in the target. Nothing was changed",
                        failure);
            }
        }
        return failure;
    }
}

package dev.accountbackup.operator.jobs;

import dev.accountbackup.engine.BackupException;

/**
 * Turns unexpected exceptions into text that is safe to show. Only {@link BackupException}
 * messages are written for users; any other message may quote SQL, row values or credentials,
 * so it is reduced to the exception type and where it was thrown.
 */
public final class SafeErrors {

    private SafeErrors() {}

    public static BackupException toBackupException(Throwable t) {
        if (t instanceof BackupException be) {
            return be;
        }
        return new BackupException(
                BackupException.Kind.INTERNAL,
                "unexpected internal error (" + describe(t) + "); see the operator log",
                null);
    }

    /** The exception's type and the first frame of this project, without its message. */
    public static String describe(Throwable t) {
        StringBuilder b = new StringBuilder(t.getClass().getName());
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().startsWith("dev.accountbackup.")) {
                b.append(" at ")
                        .append(frame.getClassName())
                        .append('.')
                        .append(frame.getMethodName())
                        .append(':')
                        .append(frame.getLineNumber());
                break;
            }
        }
        return b.toString();
    }
}

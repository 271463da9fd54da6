package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountSelection;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --account public.users=4711,4712} or {@code --account-match public.users.email=alice@example.org}. */
final class AccountOptions {

    @Spec(Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true)
    Choice choice;

    static final class Choice {

        @Option(
                names = "--account",
                paramLabel = "SCHEMA.TABLE=KEY[,KEY...]",
                description = "only these accounts: the root table and values of its primary key")
        String keys;

        @Option(
                names = "--account-match",
                paramLabel = "SCHEMA.TABLE.COLUMN=VALUE",
                description = "only the accounts whose root row has exactly VALUE in COLUMN")
        String match;
    }

    /** The accounts chosen, if any. */
    Optional<AccountSelection> selection() {
        if (choice == null) {
            return Optional.empty();
        }
        try {
            if (choice.keys != null) {
                String[] parts = split(choice.keys, "--account");
                return Optional.of(AccountSelection.keys(parts[0], Arrays.asList(parts[1].split(",", -1))));
            }
            String[] parts = split(choice.match, "--account-match");
            int dot = parts[0].lastIndexOf('.');
            if (dot <= 0 || dot == parts[0].length() - 1) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--account-match needs SCHEMA.TABLE.COLUMN=VALUE, e.g. public.users.email=a@b");
            }
            return Optional.of(
                    AccountSelection.match(parts[0].substring(0, dot), parts[0].substring(dot + 1), parts[1]));
        } catch (BackupException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String[] split(String text, String option) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new ParameterException(spec.commandLine(), option + " needs a table, '=' and a value");
        }
        return new String[] {text.substring(0, eq), text.substring(eq + 1)};
    }
}

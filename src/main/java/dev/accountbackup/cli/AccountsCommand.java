package dev.accountbackup.cli;

import picocli.CommandLine.Command;

/** Commands about the accounts a backup holds. */
@Command(
        name = "accounts",
        description = "What an account is in a backup: its root row and every row depending on it.",
        subcommands = {AccountGraphCommand.class})
final class AccountsCommand {}

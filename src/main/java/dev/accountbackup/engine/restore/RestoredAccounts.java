package dev.accountbackup.engine.restore;

import java.util.List;

/**
 * Which of the chosen accounts a restore found in the backup. Holds no key of a found account;
 * {@code notFound} holds keys the user gave, which may be shown back to that user (command output,
 * the restore's status) but never logged.
 *
 * @param root      the accounts' root table
 * @param selection how they were chosen, without values ("2 keys", "a match on email")
 * @param found     accounts of the selection the backup holds (restored, or for a dry run, counted)
 * @param notFound  keys asked for that the backup does not hold; empty for a match
 */
public record RestoredAccounts(String root, String selection, long found, List<String> notFound) {}

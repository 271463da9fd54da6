package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.signing.SigningKeys;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The manifest signing keys of a command: from a file, never from a flag value (it would show in
 * the process list and the shell history). The file holds lines {@code id=base64 key} and
 * {@code current=id}, as the Secret of the operator does; '#' starts a comment. It may also be a directory
 * holding one file per entry, as Kubernetes mounts that Secret.
 */
final class SigningKeyOption {

    static final String ENV = "ACCOUNT_BACKUP_SIGNING_KEYS_FILE";
    private static final int MAX_FILE_BYTES = 64 * 1024;

    @Option(
            names = "--signing-key-file",
            paramLabel = "FILE",
            description =
                    "file of manifest signing keys (lines current=ID and ID=BASE64KEY), or a directory of one file"
                            + " per entry (a mounted Secret); default: the file "
                            + ENV
                            + " names. With keys, manifests are signed and unsigned or wrongly signed backups refused;"
                            + " without, manifests are unsigned and signatures not checked")
    Path file;

    /** @return null when no key file is given, by flag or by {@value #ENV} in {@code env} */
    SigningKeys keys(Map<String, String> env) {
        Path chosen = file != null
                ? file
                : env.get(ENV) == null || env.get(ENV).isBlank()
                        ? null
                        : Path.of(env.get(ENV).strip());
        if (chosen == null) {
            return null;
        }
        String source = "signing key file " + chosen;
        Map<String, String> entries = KeyFiles.isDirectory(chosen)
                ? KeyFiles.directoryEntries(chosen, MAX_FILE_BYTES, source)
                : entries(KeyFiles.read(chosen, MAX_FILE_BYTES, source), source);
        return SigningKeys.fromEntries(entries, source);
    }

    /** Lines of the file as entries; a malformed line is named by number, never shown. */
    private static Map<String, String> entries(String text, String source) {
        Map<String, String> entries = new HashMap<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw BackupException.invalid(
                        source + " line " + (i + 1) + " is not of the form ID=BASE64KEY or current=ID");
            }
            if (entries.put(
                            line.substring(0, eq).strip(),
                            line.substring(eq + 1).strip())
                    != null) {
                throw BackupException.invalid(source + " line " + (i + 1) + " repeats the name of an earlier line");
            }
        }
        return entries;
    }
}

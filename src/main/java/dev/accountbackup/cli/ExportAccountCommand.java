package dev.accountbackup.cli;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.accounts.AccountDocument;
import dev.accountbackup.engine.accounts.AccountExport;
import dev.accountbackup.engine.accounts.AccountSelection;
import dev.accountbackup.engine.db.DatabaseTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "export-account",
        description = "Writes each chosen account with every row that depends on it as one readable JSON document,"
                + " with a SHA-256 file beside it (subject access and data portability requests).")
final class ExportAccountCommand implements Callable<Integer> {

    /** A key that is safe as part of a file name as it is; any other key names its file by its hash. */
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(
                names = "--from",
                paramLabel = "URI",
                description =
                        "read the accounts from a backup in this folder: file:///absolute/dir or s3://bucket/prefix")
        String from;

        @Option(
                names = "--database",
                paramLabel = "postgresql://USER@HOST:PORT/DB",
                description = "read the accounts from the live database (password from PGPASSWORD or ~/.pgpass)")
        DatabaseTarget database;
    }

    @Option(
            names = "--backup",
            defaultValue = "latest",
            paramLabel = "ID|latest",
            description = "with --from: the backup id (default: the newest complete backup)")
    String backupId;

    @Mixin
    SigningKeyOption signing;

    @Mixin
    EncryptionOptions encryption;

    @Mixin
    AccountOptions accounts;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "FILE|DIR/",
            description = "the document's file (one account), or a folder (ending in / or existing) that gets one"
                    + " document per account; each document gets a .sha256 file beside it")
    String to;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        AccountSelection selection = accounts.selection()
                .orElseThrow(() -> new ParameterException(
                        spec.commandLine(), "export-account needs --account or --account-match"));
        Path target = Path.of(to);
        boolean folder = to.endsWith("/") || to.endsWith(java.io.File.separator) || Files.isDirectory(target);
        AccountExport.Result result = read(selection);
        PrintWriter err = spec.commandLine().getErr();
        if (!result.notFound().isEmpty()) {
            err.println("error: not found in " + sourceName(result) + ": " + String.join(", ", result.notFound())
                    + ". Nothing was written");
            return Main.FAILED;
        }
        if (result.documents().isEmpty()) {
            err.println("error: no account of " + selection.root() + " matches in " + sourceName(result)
                    + ". Nothing was written");
            return Main.FAILED;
        }
        if (!folder && result.documents().size() > 1) {
            err.println("error: " + result.documents().size() + " accounts match: give --to a folder (ending in /)"
                    + " to get one document each. Nothing was written");
            return Main.FAILED;
        }
        List<Map<String, String>> written = new ArrayList<>();
        for (AccountDocument document : result.documents()) {
            Path file = folder ? target.resolve(fileName(document)) : target;
            write(document, file);
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("key", document.key());
            entry.put("file", file.toString());
            entry.put("sha256", document.sha256());
            written.add(entry);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("root", selection.root());
            json.put("backupId", result.backupId());
            json.put("documents", written);
            OutputOptions.printJson(out, json);
        } else {
            for (Map<String, String> w : written) {
                out.printf(
                        "account %s of %s: %s (sha256 %s; check with: sha256sum -c %s.sha256)%n",
                        w.get("key"), selection.root(), w.get("file"), w.get("sha256"), w.get("file"));
            }
        }
        return 0;
    }

    private AccountExport.Result read(AccountSelection selection) {
        AccountExport export = new AccountExport();
        if (source.database != null) {
            return export.fromDatabase(source.database, selection);
        }
        try (BackupFolderOption.OpenFolder backups =
                BackupFolderOption.open(source.from, signing, encryption, Main.env(spec))) {
            return export.fromBackup(backups.location(), backupId, selection);
        }
    }

    private static String sourceName(AccountExport.Result result) {
        return result.backupId() == null ? "the database" : "backup " + result.backupId();
    }

    static String fileName(AccountDocument document) {
        String key = document.key();
        return "account-" + (PLAIN_KEY.matcher(key).matches() ? key : "sha256-" + sha256Prefix(key)) + ".json";
    }

    private static String sha256Prefix(String key) {
        return new AccountDocument("", "", key.getBytes(StandardCharsets.UTF_8))
                .sha256()
                .substring(0, 16);
    }

    /** The document, then its checksum file in the format {@code sha256sum -c} reads. */
    private static void write(AccountDocument document, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.write(file, document.json());
            Files.writeString(
                    parent.resolve(file.getFileName() + ".sha256"),
                    document.sha256Line(file.getFileName().toString()),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw BackupException.invalid("cannot write " + file + ": " + e.getMessage());
        }
    }
}

package dev.accountbackup.operator.resolve;

import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.storage.StorageKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which storage a namespace's resources may reach. A resource reads and writes only its own
 * namespace's folder ({@code <root>/<namespace>/...}); the operator's settings may let a namespace
 * read another's backups, name the directories file-system storage may use, and name the namespaces
 * whose resources may act with the operator's own cloud identity. Nothing is open by default.
 *
 * @param filesystemRoots               the only directories a spec's {@code filesystem.path} may name
 * @param crossNamespaceReads           reader namespace to the namespaces whose backups it may also read
 * @param operatorCredentialsNamespaces namespaces whose specs may omit credentialsSecret and use the operator's
 *                                      AWS identity; {@link #ALL} for every namespace
 */
public record TenantBoundary(
        List<Path> filesystemRoots,
        Map<String, Set<String>> crossNamespaceReads,
        Set<String> operatorCredentialsNamespaces) {

    public static final String ROOTS_VARIABLE = "ACCOUNT_BACKUP_FILESYSTEM_ROOTS";
    public static final String READS_VARIABLE = "ACCOUNT_BACKUP_CROSS_NAMESPACE_READS";
    public static final String CREDENTIALS_VARIABLE = "ACCOUNT_BACKUP_OPERATOR_CREDENTIALS_NAMESPACES";
    public static final Path DEFAULT_ROOT = Path.of("/var/lib/account-backup");
    public static final String ALL = "*";
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public TenantBoundary {
        filesystemRoots = filesystemRoots.stream().map(TenantBoundary::root).toList();
        Map<String, Set<String>> reads = new HashMap<>();
        crossNamespaceReads.forEach((reader, owners) -> reads.put(reader, Set.copyOf(owners)));
        crossNamespaceReads = Map.copyOf(reads);
        operatorCredentialsNamespaces = Set.copyOf(operatorCredentialsNamespaces);
    }

    /** The defaults: the operator's volume, no cross-namespace reads, the operator's identity for no namespace. */
    public static TenantBoundary defaults() {
        return new TenantBoundary(List.of(DEFAULT_ROOT), Map.of(), Set.of());
    }

    /** @throws IllegalArgumentException naming the variable when a value is malformed */
    public static TenantBoundary fromEnvironment(Map<String, String> env) {
        List<Path> roots = new ArrayList<>();
        for (String item : items(env.get(ROOTS_VARIABLE))) {
            if (!isAbsoluteAndConfined(item)) {
                throw new IllegalArgumentException(
                        ROOTS_VARIABLE + ": '" + item + "' is not an absolute directory without '..'");
            }
            roots.add(Path.of(item));
        }
        Map<String, Set<String>> reads = new HashMap<>();
        for (String item : items(env.get(READS_VARIABLE))) {
            String[] pair = item.split("=", -1);
            if (pair.length != 2
                    || !NAMESPACE.matcher(pair[0].strip()).matches()
                    || !NAMESPACE.matcher(pair[1].strip()).matches()) {
                throw new IllegalArgumentException(READS_VARIABLE + ": '" + item
                        + "' is not reader=owner, two namespace names (e.g. staging=prod)");
            }
            reads.computeIfAbsent(pair[0].strip(), k -> new HashSet<>()).add(pair[1].strip());
        }
        Set<String> identity = new HashSet<>();
        for (String item : items(env.get(CREDENTIALS_VARIABLE))) {
            if (!item.equals(ALL) && !NAMESPACE.matcher(item).matches()) {
                throw new IllegalArgumentException(
                        CREDENTIALS_VARIABLE + ": '" + item + "' is neither a namespace name nor *");
            }
            identity.add(item);
        }
        return new TenantBoundary(roots.isEmpty() ? List.of(DEFAULT_ROOT) : roots, reads, identity);
    }

    public TenantBoundary withFilesystemRoots(Path... roots) {
        return new TenantBoundary(List.of(roots), crossNamespaceReads, operatorCredentialsNamespaces);
    }

    public TenantBoundary withCrossNamespaceReads(Map<String, Set<String>> reads) {
        return new TenantBoundary(filesystemRoots, reads, operatorCredentialsNamespaces);
    }

    public TenantBoundary withOperatorCredentialsNamespaces(String... namespaces) {
        return new TenantBoundary(filesystemRoots, crossNamespaceReads, Set.of(namespaces));
    }

    /**
     * The configured root a spec's {@code filesystem.path} names: it must be one of the roots itself
     * (a trailing '/' aside), never a folder below one, which could be another namespace's folder.
     *
     * @throws BackupException (INVALID) naming the allowed roots
     */
    public Path filesystemRoot(String field, String specPath) {
        String path = specPath == null ? "" : specPath.strip();
        if (isAbsoluteAndConfined(path)) {
            Path normalised = Path.of(path).normalize();
            for (Path root : filesystemRoots) {
                if (root.equals(normalised)) {
                    return root;
                }
            }
        }
        throw BackupException.invalid(
                field + " '" + StorageKeys.printable(path) + "' is not a storage directory of this operator: use "
                        + (filesystemRoots.isEmpty() ? "S3 (no directory is configured)" : "one of " + rootsText())
                        + "; backups go to <directory>/<namespace>/<name> (the operator's setting " + ROOTS_VARIABLE
                        + " lists the directories)");
    }

    /**
     * Checks that a namespace may read the backup folder {@code path} (relative to the storage root,
     * its segments already checked): its own namespace's folder, or one the allow-list opens to it.
     *
     * @throws BackupException (INVALID) naming the namespaces it may read
     */
    public void checkReadable(String namespace, String field, String path) {
        String owner = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        Set<String> readable = readableBy(namespace);
        if (!readable.contains(owner) || !path.contains("/")) {
            throw BackupException.invalid(field + " '" + StorageKeys.printable(path)
                    + "' is outside the folders namespace '" + namespace
                    + "' may read: start it with "
                    + readable.stream().sorted().map(ns -> "'" + ns + "/'").collect(Collectors.joining(" or "))
                    + " (the operator's setting " + READS_VARIABLE + " lets a namespace read another's backups)");
        }
    }

    /** Whether resources in this namespace may use the operator's own AWS identity when they name no Secret. */
    public boolean mayUseOperatorIdentity(String namespace) {
        return operatorCredentialsNamespaces.contains(ALL) || operatorCredentialsNamespaces.contains(namespace);
    }

    private Set<String> readableBy(String namespace) {
        Set<String> readable = new HashSet<>(crossNamespaceReads.getOrDefault(namespace, Set.of()));
        readable.add(namespace);
        return readable;
    }

    private String rootsText() {
        return filesystemRoots.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    private static Path root(Path p) {
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException(ROOTS_VARIABLE + ": '" + p + "' is not an absolute directory");
        }
        return p.normalize();
    }

    private static List<String> items(String value) {
        return value == null
                ? List.of()
                : Arrays.stream(value.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }

    /** An absolute directory without '.', '..' or empty folders (a trailing '/' aside). */
    private static boolean isAbsoluteAndConfined(String path) {
        return path.startsWith("/") && StorageKeys.isConfined(path.substring(1));
    }
}

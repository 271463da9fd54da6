package dev.accountbackup.engine.storage;

import dev.accountbackup.engine.BackupException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Backups in a directory (a mounted volume). Objects are written to a hidden temporary file, synced
 * to disk and renamed into place on close, so a crash never leaves a partial file under its final name;
 * the temporary files a crash leaves are never listed, and {@link #discardUnfinished} removes them.
 *
 * <p>Every key stays below the root: keys with {@code ..} or {@code .} segments, empty segments,
 * backslashes or a leading '/' are refused, and no operation follows a symbolic link that leads out
 * of the root (someone with access to the volume may plant one in a tenant's folder).
 */
public final class FilesystemStore implements BackupStore {

    private static final String TEMP_MARKER = ".partial-";

    private final Path root;

    public FilesystemStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public StoreOutput create(String key) throws IOException {
        Path target = resolve(key);
        confine(target.getParent());
        try {
            Files.createDirectories(target.getParent());
        } catch (FileSystemException e) {
            throw deniedOr("write to", target.getParent(), e);
        }
        confine(target);
        Path temp = target.resolveSibling("." + target.getFileName() + TEMP_MARKER + UUID.randomUUID());
        FileChannel channel;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileSystemException e) {
            throw deniedOr("write to", target.getParent(), e);
        }
        return new FileOutput(channel, temp, target);
    }

    @Override
    public InputStream open(String key) throws IOException {
        Path p = resolve(key);
        confine(p);
        try {
            return Files.newInputStream(p);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileSystemException e) {
            throw deniedOr("read", p, e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        Path p = resolve(key);
        confine(p);
        return Files.isRegularFile(p);
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        List<StoredObject> result = new ArrayList<>();
        for (StoredObject file : filesUnder(prefix)) {
            if (!isTemporary(file.key())) {
                result.add(file);
            }
        }
        return result;
    }

    /** The temporary files of writes cut short: a killed process never renames or removes them. */
    @Override
    public int discardUnfinished(String prefix) throws IOException {
        int discarded = 0;
        for (StoredObject file : filesUnder(prefix)) {
            if (isTemporary(file.key())) {
                delete(file.key());
                discarded++;
            }
        }
        return discarded;
    }

    private static boolean isTemporary(String key) {
        return key.substring(key.lastIndexOf('/') + 1).contains(TEMP_MARKER);
    }

    /** Every regular file whose key starts with {@code prefix}, temporary ones included, in key order. */
    private List<StoredObject> filesUnder(String prefix) throws IOException {
        // walk from the deepest directory the prefix names, then filter on the full prefix
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolve(prefix.substring(0, slash));
        confine(start);
        if (!Files.isDirectory(start)) {
            checkRootUsable();
            return List.of();
        }
        List<StoredObject> result = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                // a symbolic link is never an object: it may lead out of the root
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String key =
                        root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (key.startsWith(prefix)) {
                    result.add(new StoredObject(key, Files.size(p)));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause() instanceof FileSystemException fse ? deniedOr("list", start, fse) : e.getCause();
        } catch (FileSystemException e) {
            throw deniedOr("list", start, e);
        }
        result.sort((a, b) -> a.key().compareTo(b.key()));
        return result;
    }

    @Override
    public void delete(String key) throws IOException {
        Path p = resolve(key);
        confine(p.getParent());
        try {
            Files.deleteIfExists(p);
        } catch (FileSystemException e) {
            throw deniedOr("delete from", p.getParent(), e);
        }
        // leave no empty backup folders behind
        for (Path dir = p.getParent();
                dir != null && dir.startsWith(root) && !dir.equals(root);
                dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                break;
            }
        }
    }

    @Override
    public String uri(String key) {
        return key.isEmpty() ? root.toUri().toString() : resolve(key).toUri().toString();
    }

    @Override
    public void close() {
        // nothing held open between calls
    }

    /** The path of a key, refusing keys that could name anything outside the root: retrying cannot change that. */
    private Path resolve(String key) {
        if (!StorageKeys.isConfined(key)) {
            throw BackupException.invalid(
                    "storage key '" + StorageKeys.printable(key)
                            + "' is absolute or holds a '.', '..' or empty folder, a backslash or a control character: keys stay below the root");
        }
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) {
            throw BackupException.invalid("storage key '" + StorageKeys.printable(key) + "' escapes the storage root");
        }
        return p;
    }

    /**
     * Refuses a path whose deepest existing part, symbolic links resolved, lies outside the root's own
     * real location: a link planted below the root must not lead reads, writes, listings or deletions elsewhere.
     */
    private void confine(Path p) throws IOException {
        if (!Files.exists(root)) {
            return; // nothing below a missing root can be a link yet
        }
        Path realRoot = root.toRealPath();
        Path existing = p;
        while (existing != null && existing.startsWith(root) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null || !existing.startsWith(root)) {
            return;
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (NoSuchFileException e) {
            // a dangling link: wherever it points, it is not a place below the root
            throw new StorageAccessDeniedException(
                    "refused " + existing + ": it is a symbolic link to a missing target;"
                            + " backups never follow links",
                    e);
        }
        if (!real.startsWith(realRoot)) {
            throw new StorageAccessDeniedException(
                    "refused " + existing + ": a symbolic link leads out of the storage root " + root
                            + "; backups never follow links out of it (remove the link)",
                    null);
        }
    }

    /**
     * A root below a regular file, or that is itself a file, can never hold backups: say so instead
     * of reporting an empty store.
     */
    private void checkRootUsable() throws IOException {
        Path existing = root;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new StorageAccessDeniedException(
                    "cannot use " + root + " for backups: " + existing
                            + " is a file, not a directory; point the storage at a directory",
                    null);
        }
    }

    /**
     * Failures that retrying cannot fix (permissions, read-only volume, a file where a directory
     * should be) are final; anything else, such as a full disk, may be passing.
     */
    private static IOException deniedOr(String action, Path where, FileSystemException e) {
        String reason = e.getReason() == null ? "" : e.getReason();
        if (e instanceof AccessDeniedException
                || reason.contains("Read-only")
                || reason.contains("Permission denied")) {
            return denied(action, where, reason.isEmpty() ? "access denied" : reason, e);
        }
        if (reason.contains("Not a directory") || e instanceof FileAlreadyExistsException) {
            return denied(action, where, "a part of the path is a file, not a directory", e);
        }
        return e;
    }

    private static StorageAccessDeniedException denied(String action, Path where, String reason, IOException e) {
        return new StorageAccessDeniedException(
                "cannot " + action + " " + where + " (" + reason
                        + "): check that the storage directory is a directory on a volume the operator may "
                        + (action.equals("read") || action.equals("list") ? "read" : "write to"),
                e);
    }

    private static final class FileOutput extends StoreOutput {
        private final FileChannel channel;
        private final OutputStream out;
        private final Path temp;
        private final Path target;
        private boolean done;

        FileOutput(FileChannel channel, Path temp, Path target) {
            this.channel = channel;
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            this.temp = temp;
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (done) {
                return;
            }
            try {
                out.flush();
                channel.force(true);
                channel.close();
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                done = true;
                syncDirectory(target.getParent());
            } catch (FileSystemException e) {
                abort();
                throw deniedOr("write to", target.getParent(), e);
            } catch (IOException e) {
                abort();
                throw e;
            }
        }

        /** Makes the rename itself survive a crash; some file systems cannot sync a directory. */
        private static void syncDirectory(Path dir) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // the data is synced; only the directory entry may be lost on a crash
            }
        }

        @Override
        public void abort() {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // the file is removed next
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover hidden temporary file is never listed as an object
            }
        }
    }
}

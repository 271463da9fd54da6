package dev.accountbackup.engine.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
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
 * to disk and renamed into place on close, so a crash never leaves a partial file under its final name.
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
        try {
            Files.createDirectories(target.getParent());
        } catch (FileSystemException e) {
            throw deniedOr(target.getParent(), e);
        }
        Path temp = target.resolveSibling("." + target.getFileName() + TEMP_MARKER + UUID.randomUUID());
        FileChannel channel;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileSystemException e) {
            throw deniedOr(target.getParent(), e);
        }
        return new FileOutput(channel, temp, target);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        // walk from the deepest directory the prefix names, then filter on the full prefix
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<StoredObject> result = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(p) || p.getFileName().toString().contains(TEMP_MARKER)) {
                    continue;
                }
                String key = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (key.startsWith(prefix)) {
                    result.add(new StoredObject(key, Files.size(p)));
                }
            }
        } catch (AccessDeniedException e) {
            throw denied(start, e);
        }
        result.sort((a, b) -> a.key().compareTo(b.key()));
        return result;
    }

    @Override
    public void delete(String key) throws IOException {
        Path p = resolve(key);
        Files.deleteIfExists(p);
        // leave no empty backup folders behind
        for (Path dir = p.getParent(); dir != null && dir.startsWith(root) && !dir.equals(root); dir = dir.getParent()) {
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

    private Path resolve(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("key " + key + " escapes the storage root");
        }
        return p;
    }

    /** Permission and read-only failures are final; anything else may be passing. */
    private static IOException deniedOr(Path where, FileSystemException e) {
        boolean readOnly = e.getReason() != null && e.getReason().contains("Read-only");
        return e instanceof AccessDeniedException || readOnly ? denied(where, e) : e;
    }

    private static StorageAccessDeniedException denied(Path where, IOException e) {
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : "access denied";
        return new StorageAccessDeniedException("cannot write to " + where + " (" + reason
                + "): check that the directory exists on a writable volume the operator may write to", e);
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
            } catch (IOException e) {
                abort();
                throw e;
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

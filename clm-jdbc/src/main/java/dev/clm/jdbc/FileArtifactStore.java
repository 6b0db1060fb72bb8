package dev.clm.jdbc;

import dev.clm.api.ArtifactIntegrityException;
import dev.clm.api.Checksums;
import dev.clm.api.ModelType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Model bytes as files under a root directory: {@code <root>/<model type>/<version>/<sha256>.bin}.
 *
 * <p>Writes are atomic and durable: the bytes go to a temporary file in the target folder,
 * which is fsynced, renamed over the final name (an atomic rename on POSIX file systems) and
 * the folder is fsynced, so after a crash a file either holds all its bytes or does not exist.
 * The checksum is part of the file name, so saving a second, different artifact under an
 * existing (type, version) can never overwrite the bytes a registry row points to. Reads
 * verify the SHA-256 and fail with {@link ArtifactIntegrityException} on a missing or
 * altered file. Files are never deleted by clm (versions are never deleted).
 *
 * <p>Thread-safe and safe to share between processes on one file system. Several hosts
 * sharing one database must share this directory too (for example a network mount).
 */
public final class FileArtifactStore {
    private static final Pattern RELATIVE_PATH =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}/[A-Za-z0-9][A-Za-z0-9._-]{0,63}/[0-9a-f]{64}\\.bin");

    private final Path root;

    /** A store rooted at {@code root} (created if missing). */
    public FileArtifactStore(Path root) {
        if (root == null) throw new IllegalArgumentException("artifact root must not be null");
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new ClmStorageException("cannot create artifact directory " + this.root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /** The path (relative to the root, '/'-separated) an artifact with this checksum is stored at. */
    public static String relativePath(ModelType type, String version, String checksum) {
        // type and version names are validated by their records (letters, digits, '.', '_', '-';
        // never starting with '.'), the checksum is 64 hex digits: no separator or ".." can appear.
        String p = type.name() + "/" + version + "/" + checksum + ".bin";
        if (!RELATIVE_PATH.matcher(p).matches()) throw new IllegalArgumentException("unsafe artifact path '" + p + "'");
        return p;
    }

    /**
     * Writes {@code bytes} atomically and durably; returns the relative path. The caller has
     * checked that {@code checksum} is the SHA-256 of {@code bytes}.
     */
    public String write(ModelType type, String version, String checksum, byte[] bytes) {
        String relative = relativePath(type, version, checksum);
        Path target = resolve(relative, type, version);
        Path dir = target.getParent();
        Path tmp = dir.resolve("." + checksum + "." + UUID.randomUUID() + ".tmp");
        try {
            createDirectoriesDurably(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new ClmStorageException("the artifact directory " + root + " does not support atomic renames", e);
            }
            fsyncDirectory(dir);
            return relative;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new ClmStorageException("writing the artifact of model " + type + " version '" + version + "' to " + target
                    + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * The bytes at {@code relative}, verified against {@code checksum}.
     *
     * @throws ArtifactIntegrityException if the file is missing, unreadable or its SHA-256 differs
     */
    public byte[] read(ModelType type, String version, String relative, String checksum) {
        Path file = resolve(relative, type, version);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ArtifactIntegrityException(type, version, "artifact file " + file + " is missing");
        } catch (IOException e) {
            throw new ArtifactIntegrityException(type, version, "artifact file " + file + " cannot be read: " + e.getMessage());
        }
        String actual = Checksums.sha256Hex(bytes);
        if (!actual.equals(checksum)) {
            throw new ArtifactIntegrityException(type, version, "artifact file " + file + " hashes to " + actual
                    + " but the registry records " + checksum);
        }
        return bytes;
    }

    /** Deletes a file this store wrote moments ago and no registry row points to (a lost save race). */
    void deleteUnreferenced(ModelType type, String version, String relative) {
        deleteQuietly(resolve(relative, type, version));
    }

    private Path resolve(String relative, ModelType type, String version) {
        if (relative == null || !RELATIVE_PATH.matcher(relative).matches()) {
            throw new ArtifactIntegrityException(type, version, "recorded artifact path '" + relative + "' is not a valid artifact path");
        }
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new ArtifactIntegrityException(type, version, "recorded artifact path '" + relative + "' leaves the artifact directory");
        }
        return p;
    }

    private void createDirectoriesDurably(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Path parent = dir.getParent();
        if (parent != null && !Files.isDirectory(parent)) createDirectoriesDurably(parent);
        try {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return; // another thread or process created it
        }
        if (parent != null) fsyncDirectory(parent);
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        // Makes the new directory entry (the rename) durable; Linux and macOS allow fsync on a directory.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Best effort: a leftover temporary or unreferenced file is harmless (never loaded).
        }
    }
}

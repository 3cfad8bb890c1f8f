package io.berth.core.internal;

import io.berth.core.error.ConflictException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.storage.FileContent;
import io.berth.core.storage.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * SPEC S7: the files of one folder, under its root directory. Paths are relative with {@code /}; {@code ..},
 * absolute paths, empty components and NUL are refused, and no symbolic link is ever followed: a path
 * through a link is refused, so nothing outside the folder can be read or written.
 */
final class FolderFiles {
    static final int MAX_PATH = 1024;
    static final int MAX_ENTRIES = 10_000;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final String folderName;
    private final FolderOwnership owner;

    FolderFiles(Path root, String folderName, FolderOwnership owner) {
        this.root = root;
        this.folderName = folderName;
        this.owner = owner;
    }

    /** The relative path, checked; "" for the root. */
    static String normalise(String path, boolean rootAllowed) {
        String p = path == null ? "" : path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            if (!rootAllowed) {
                throw new ValidationException("path must name a file or directory inside the folder", "path");
            }
            return "";
        }
        if (p.length() > MAX_PATH || p.indexOf('\0') >= 0 || p.indexOf('\\') >= 0) {
            throw new ValidationException("path must be at most " + MAX_PATH + " characters, without NUL or \\",
                    "path");
        }
        for (String part : p.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new ValidationException("path must not contain empty, '.' or '..' components", "path");
            }
        }
        return p;
    }

    /** Resolves inside the root, refusing any existing component that is a symbolic link. */
    private Path resolve(String relative) {
        return resolve(relative, false);
    }

    /**
     * Resolves inside the root, refusing any existing component that is a symbolic link, except the last one
     * when {@code lastMayBeLink} (to delete a link itself, never what it points to).
     */
    private Path resolve(String relative, boolean lastMayBeLink) {
        Path target = root;
        if (relative.isEmpty()) {
            return target;
        }
        String[] parts = relative.split("/");
        for (int i = 0; i < parts.length; i++) {
            target = target.resolve(parts[i]);
            if (Files.isSymbolicLink(target) && !(lastMayBeLink && i == parts.length - 1)) {
                throw new ValidationException("path " + relative + " goes through a symbolic link", "path");
            }
        }
        if (!target.normalize().startsWith(root)) {
            throw new ValidationException("path must stay inside the folder", "path");
        }
        return target;
    }

    private void requireRoot() {
        if (!Files.isDirectory(root, NOFOLLOW)) {
            throw new ConflictException("the directory of folder " + folderName + " is missing on its volume");
        }
    }

    List<FileEntry> list(String path) {
        requireRoot();
        String rel = normalise(path, true);
        Path dir = resolve(rel);
        if (!Files.isDirectory(dir, NOFOLLOW)) {
            throw new NotFoundException("no directory " + (rel.isEmpty() ? "/" : rel) + " in folder " + folderName);
        }
        List<FileEntry> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (out.size() == MAX_ENTRIES) {
                    break;
                }
                out.add(entry(rel.isEmpty() ? p.getFileName().toString() : rel + "/" + p.getFileName(), p));
            }
        } catch (IOException e) {
            throw new ConflictException("cannot list " + rel + " of folder " + folderName + ": " + reason(e));
        }
        out.sort(Comparator.comparing(FileEntry::name));
        return out;
    }

    private static FileEntry entry(String rel, Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        String type = a.isSymbolicLink() ? "symlink" : a.isDirectory() ? "directory" : a.isRegularFile() ? "file"
                : "other";
        return new FileEntry(rel, p.getFileName().toString(), type, a.isDirectory() ? 0 : a.size(),
                a.lastModifiedTime().toInstant());
    }

    FileContent download(String path) {
        requireRoot();
        String rel = normalise(path, false);
        Path file = resolve(rel);
        if (!Files.isRegularFile(file, NOFOLLOW)) {
            throw new NotFoundException("no file " + rel + " in folder " + folderName);
        }
        try {
            long size = Files.size(file);
            return new FileContent(file.getFileName().toString(), size, Files.newInputStream(file, NOFOLLOW));
        } catch (IOException e) {
            throw new ConflictException("cannot read " + rel + " of folder " + folderName + ": " + reason(e));
        }
    }

    /** Writes to a temporary file next to the target, then moves it into place; nothing half-written stays. */
    FileEntry upload(String path, InputStream content, boolean overwrite) {
        requireRoot();
        String rel = normalise(path, false);
        Path file = resolve(rel);
        if (Files.isDirectory(file, NOFOLLOW)) {
            throw new ConflictException(rel + " is a directory in folder " + folderName, "path");
        }
        if (!overwrite && Files.exists(file, NOFOLLOW)) {
            throw new ConflictException(rel + " exists in folder " + folderName + " (overwrite it explicitly)", "path");
        }
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            resolve(rel);
            tmp = file.resolveSibling(".berth-upload-" + UUID.randomUUID());
            Files.copy(content, tmp);
            if (overwrite) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(tmp, file);
            }
            tmp = null;
            owner.applyFrom(root, file);
            return entry(rel, file);
        } catch (FileAlreadyExistsException e) {
            throw new ConflictException(rel + " exists in folder " + folderName + " (overwrite it explicitly)", "path");
        } catch (IOException e) {
            throw new ConflictException("cannot write " + rel + " to folder " + folderName + ": " + reason(e));
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    FileEntry makeDirectory(String path) {
        requireRoot();
        String rel = normalise(path, false);
        Path dir = resolve(rel);
        try {
            if (Files.exists(dir, NOFOLLOW) && !Files.isDirectory(dir, NOFOLLOW)) {
                throw new ConflictException(rel + " exists as a file in folder " + folderName, "path");
            }
            Files.createDirectories(dir);
            owner.applyFrom(root, dir);
            return entry(rel, dir);
        } catch (IOException e) {
            throw new ConflictException("cannot create " + rel + " in folder " + folderName + ": " + reason(e));
        }
    }

    void delete(String path, boolean recursive) {
        requireRoot();
        String rel = normalise(path, false);
        Path target = resolve(rel, true);
        if (!Files.exists(target, NOFOLLOW)) {
            throw new NotFoundException("no file or directory " + rel + " in folder " + folderName);
        }
        try {
            if (Files.isDirectory(target, NOFOLLOW) && recursive) {
                Files.walkFileTree(target, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        Files.delete(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } else {
                Files.delete(target);
            }
        } catch (DirectoryNotEmptyException e) {
            throw new ConflictException(rel + " is a directory that is not empty (delete it recursively)", "path");
        } catch (NoSuchFileException e) {
            throw new NotFoundException("no file or directory " + rel + " in folder " + folderName);
        } catch (IOException e) {
            throw new ConflictException("cannot delete " + rel + " of folder " + folderName + ": " + reason(e));
        }
    }

    /** Reads a small file at the root, or null when it is missing; {@code max} bounds the bytes read. */
    byte[] readSmall(String name, int max) throws IOException {
        Path file = root.resolve(name);
        if (!Files.isRegularFile(file, NOFOLLOW)) {
            return null;
        }
        if (Files.size(file) > max) {
            throw new IOException(name + " is larger than " + max + " bytes");
        }
        try (InputStream in = Files.newInputStream(file, NOFOLLOW)) {
            return in.readNBytes(max);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LoggerFactory.getLogger(FolderFiles.class).warn("cannot remove the partial upload {}: {}", p, e.toString());
        }
    }

    /** The file system's own words (e.g. "Disk quota exceeded"), without the host's paths. */
    static String reason(IOException e) {
        String m = e.getMessage();
        String cls = e.getClass().getSimpleName();
        if (m == null) {
            return cls;
        }
        int colon = m.lastIndexOf(": ");
        String tail = colon >= 0 ? m.substring(colon + 2) : m;
        return tail.startsWith("/") ? cls.replace("Exception", "").toLowerCase(Locale.ROOT) : tail;
    }
}

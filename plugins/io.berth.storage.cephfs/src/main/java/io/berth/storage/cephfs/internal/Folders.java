package io.berth.storage.cephfs.internal;

import io.berth.spi.storage.FolderExistsException;
import io.berth.spi.storage.FolderNotFoundException;
import io.berth.spi.storage.FolderPath;
import io.berth.spi.storage.FolderUsage;
import io.berth.spi.storage.QuotaScope;
import io.berth.spi.storage.StorageException;
import io.berth.spi.storage.Volume;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The directory work of the backend: the layout {@code <mount>/<kind>/<scopeId>/<folderId>},
 * containment in the mount path, and creating, deleting, copying and measuring folders without
 * ever following a symbolic link. Stateless.
 */
final class Folders {

    private Folders() {
    }

    /** Refuses a volume of another backend type. */
    static void checkVolume(Volume volume, String type) {
        Objects.requireNonNull(volume, "volume");
        if (!type.equals(volume.backend())) {
            throw new IllegalArgumentException("volume " + volume.name() + " is served by backend "
                    + volume.backend() + ", not " + type);
        }
    }

    /** The volume's mount path: absolute, normalized, an existing directory. */
    static Path mount(Volume volume) {
        Path mount;
        try {
            mount = volume.mount();
        } catch (InvalidPathException e) {
            throw new StorageException("mount path of volume " + volume.name() + " is not a path: "
                    + e.getMessage(), e);
        }
        if (!mount.isAbsolute()) {
            throw new StorageException("mount path of volume " + volume.name() + " must be absolute: " + mount);
        }
        mount = mount.normalize();
        if (!Files.isDirectory(mount)) {
            throw new StorageException("mount path of volume " + volume.name() + " is not a directory: " + mount
                    + (Files.exists(mount) ? "" : " (missing: is the volume mounted?)"));
        }
        return mount;
    }

    /** The scope's directory under the mount path, checked to stay inside it. */
    static Path scopeDir(Volume volume, Path mount, QuotaScope scope) {
        Objects.requireNonNull(scope, "scope");
        Path dir = mount.resolve(scope.kind().directoryName()).resolve(scope.id()).normalize();
        if (!dir.startsWith(mount) || dir.getNameCount() != mount.getNameCount() + 2) {
            throw new StorageException("quota scope " + scope + " would leave volume " + volume.name() + " at "
                    + mount);
        }
        return dir;
    }

    /** The folder's directory under the mount path, checked to stay inside it. */
    static Path folderDir(Volume volume, Path mount, FolderPath folder) {
        Objects.requireNonNull(folder, "folder");
        Path dir = scopeDir(volume, mount, folder.scope()).resolve(folder.folderId()).normalize();
        if (!dir.startsWith(mount) || dir.getNameCount() != mount.getNameCount() + 3) {
            throw new StorageException("folder " + folder + " would leave volume " + volume.name() + " at " + mount);
        }
        return dir;
    }

    /**
     * Creates the directories from the mount path down to {@code dir}, refusing symbolic links on
     * the way.
     *
     * @param what the folder or scope, for messages
     */
    static void createDirectories(Volume volume, Path mount, Object what, Path dir) {
        Path current = mount;
        try {
            for (Path name : mount.relativize(dir)) {
                current = current.resolve(name);
                if (Files.isSymbolicLink(current)) {
                    throw escape(volume, what, current);
                }
                if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                    createOne(volume, what, current);
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot create " + describe(what) + " on volume " + volume.name() + " at "
                    + dir + ": " + describe(e), e);
        }
    }

    private static void createOne(Volume volume, Object what, Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // created concurrently, or something else is in the way
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new StorageException("cannot create " + describe(what) + " on volume " + volume.name() + ": "
                        + dir + " exists and is not a directory", e);
            }
        }
    }

    /**
     * Whether {@code dir} exists as a real directory, with no symbolic link on the way from the
     * mount path; a link or a file in its place is an error.
     *
     * @param what the folder or scope, for messages
     */
    static boolean existingDirectory(Volume volume, Path mount, Object what, Path dir) {
        Path current = mount;
        for (Path name : mount.relativize(dir)) {
            current = current.resolve(name);
            if (Files.isSymbolicLink(current)) {
                throw escape(volume, what, current);
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new StorageException(describe(what) + " on volume " + volume.name() + " is not a directory: "
                    + dir);
        }
        return true;
    }

    /** Deletes the directory tree, removing links rather than following them; a missing tree is fine. */
    static void deleteTree(Volume volume, FolderPath folder, Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // removed concurrently
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            return; // deleted concurrently
        } catch (IOException e) {
            throw new StorageException("cannot delete folder " + folder + " on volume " + volume.name() + " at "
                    + dir + ": " + describe(e), e);
        }
    }

    /**
     * Copies the tree {@code source} into the existing empty directory {@code target}: regular files
     * with their attributes, directories, and relative links whose target stays inside
     * {@code source}; other links and special files are left out.
     */
    static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (!d.equals(source)) {
                    Files.createDirectory(target.resolve(source.relativize(d)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path copy = target.resolve(source.relativize(file));
                if (attrs.isRegularFile()) {
                    Files.copy(file, copy, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
                } else if (attrs.isSymbolicLink()) {
                    Path link = Files.readSymbolicLink(file);
                    if (!link.isAbsolute() && file.getParent().resolve(link).normalize().startsWith(source)) {
                        Files.createSymbolicLink(copy, link);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Checks the clone's source and target and creates the target directory (its scope directory
     * must exist already).
     */
    static void prepareClone(Volume volume, Path mount, FolderPath from, Path source, FolderPath to, Path target) {
        if (!existingDirectory(volume, mount, from, source)) {
            throw new FolderNotFoundException(volume.name(), from);
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FolderExistsException(volume.name(), to);
        }
        try {
            Files.createDirectory(target);
        } catch (FileAlreadyExistsException e) {
            throw new FolderExistsException(volume.name(), to);
        } catch (IOException e) {
            throw new StorageException("cannot clone folder " + from + " to " + to + " on volume " + volume.name()
                    + ": cannot create " + target + ": " + describe(e), e);
        }
    }

    /** Copies into the prepared target; on failure removes the partial copy and throws. */
    static void fillClone(Volume volume, FolderPath from, Path source, FolderPath to, Path target) {
        try {
            copyTree(source, target);
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(volume, to, target);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new StorageException("cannot clone folder " + from + " to " + to + " on volume " + volume.name()
                    + ": " + (e instanceof IOException io ? describe(io) : e.toString()), e);
        }
    }

    /** Sums the sizes of the regular files and counts the non-directories, without following links. */
    static FolderUsage walkUsage(Volume volume, FolderPath folder, Path dir) {
        long[] totals = new long[2];
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        totals[0] += attrs.size();
                    }
                    totals[1]++;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // removed while walking
                    }
                    throw e;
                }
            });
        } catch (NoSuchFileException e) {
            throw new FolderNotFoundException(volume.name(), folder);
        } catch (IOException e) {
            throw new StorageException("cannot measure folder " + folder + " on volume " + volume.name() + " at "
                    + dir + ": " + describe(e), e);
        }
        return new FolderUsage(totals[0], totals[1]);
    }

    private static StorageException escape(Volume volume, Object what, Path link) {
        return new StorageException(describe(what) + " on volume " + volume.name() + " is refused: " + link
                + " is a symbolic link, which could lead out of the volume");
    }

    static String describe(Object what) {
        return (what instanceof QuotaScope ? "quota scope " : "folder ") + what;
    }

    static String describe(IOException e) {
        String what = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? what : what + " " + e.getMessage();
    }
}

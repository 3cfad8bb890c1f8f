package io.berth.spi.storage;

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
 * The directory work that file-based storage backends share: the volume's mount path, the
 * directories of quota scopes and folders (always strictly inside the mount path), and creating,
 * checking, deleting, copying and measuring directory trees without ever following a symbolic
 * link.
 *
 * <p>The rules are those of the package documentation: a directory on whose way from the mount
 * path there is a symbolic link is refused with a {@link StorageException}; deleting removes links
 * inside a tree, never what they point to; a copy keeps regular files (with their attributes),
 * directories and the relative links whose target stays inside the copied tree, and leaves out
 * every other link and special files; usage sums the sizes of regular files and counts every
 * entry that is not a directory. A failed clone removes its partial copy. Entries that vanish
 * while a tree is deleted or measured are tolerated.
 *
 * <p>Failures are reported as the {@link StorageBackend} contract says:
 * {@link IllegalArgumentException} for a volume of another backend type,
 * {@link FolderNotFoundException} and {@link FolderExistsException} for a missing source or an
 * existing target, {@link StorageException} (naming the volume, the folder or scope, the path and
 * the cause) for everything else.
 *
 * <p>The folder and scope arguments named {@code what} are used for messages only: a
 * {@link FolderPath} or a {@link QuotaScope}. Paths given to these methods are those returned by
 * {@link #mount}, {@link #scopeDir} and {@link #folderDir}, so they are absolute, normalized and
 * inside the mount path.
 *
 * <p>Stateless and thread-safe; uses the JDK only.
 */
public final class FolderTrees {

    private FolderTrees() {
    }

    /**
     * Refuses a volume of another backend type.
     *
     * @param volume the volume; not {@code null}
     * @param type   the backend's type, e.g. {@code vfs}
     * @throws NullPointerException     when the volume is {@code null}
     * @throws IllegalArgumentException when the volume is served by another backend type
     */
    public static void checkVolume(Volume volume, String type) {
        Objects.requireNonNull(volume, "volume");
        if (!type.equals(volume.backend())) {
            throw new IllegalArgumentException("volume " + volume.name() + " is served by backend "
                    + volume.backend() + ", not " + type);
        }
    }

    /**
     * The volume's mount path, which must be absolute and an existing directory.
     *
     * @param volume the volume; not {@code null}
     * @return the mount path, absolute and normalized
     * @throws StorageException when the mount path is not a path, is relative or is not an existing
     *                          directory
     */
    public static Path mount(Volume volume) {
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

    /**
     * The quota scope's directory {@code <mount>/<kind>/<scopeId>}.
     *
     * @param volume the volume, for messages; not {@code null}
     * @param mount  the volume's mount path, as {@link #mount} returned it
     * @param scope  the scope; not {@code null}
     * @return the directory, two levels below the mount path
     * @throws StorageException when the directory would not be inside the mount path
     */
    public static Path scopeDir(Volume volume, Path mount, QuotaScope scope) {
        Objects.requireNonNull(scope, "scope");
        Path dir = mount.resolve(scope.kind().directoryName()).resolve(scope.id()).normalize();
        if (!dir.startsWith(mount) || dir.getNameCount() != mount.getNameCount() + 2) {
            throw new StorageException("quota scope " + scope + " would leave volume " + volume.name() + " at "
                    + mount);
        }
        return dir;
    }

    /**
     * The folder's directory at its default place {@link FolderPath#relativePath()}, i.e.
     * {@code <mount>/<kind>/<scopeId>/<folderId>}.
     *
     * @param volume the volume, for messages; not {@code null}
     * @param mount  the volume's mount path, as {@link #mount} returned it
     * @param folder the folder; not {@code null}
     * @return the directory, three levels below the mount path
     * @throws StorageException when the directory would not be inside the mount path
     */
    public static Path folderDir(Volume volume, Path mount, FolderPath folder) {
        Objects.requireNonNull(folder, "folder");
        Path dir = scopeDir(volume, mount, folder.scope()).resolve(folder.folderId()).normalize();
        if (!dir.startsWith(mount) || dir.getNameCount() != mount.getNameCount() + 3) {
            throw new StorageException("folder " + folder + " would leave volume " + volume.name() + " at " + mount);
        }
        return dir;
    }

    /**
     * The folder's directory at the place a backend gives it, typically
     * {@link StorageBackend#folderLocation}.
     *
     * @param volume   the volume, for messages; not {@code null}
     * @param mount    the volume's mount path, as {@link #mount} returned it
     * @param folder   the folder, for messages; not {@code null}
     * @param location the directory relative to the mount path, with {@code /} as separator; not
     *                 empty, no {@code .} or {@code ..} components
     * @return the directory, strictly inside the mount path
     * @throws StorageException when the location is not a plain relative path that stays strictly
     *                          inside the mount path
     */
    public static Path folderDir(Volume volume, Path mount, FolderPath folder, String location) {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(location, "location");
        String[] names = location.split("/", -1);
        Path dir = mount;
        try {
            for (String name : names) {
                if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                    throw leaves(volume, mount, folder, location);
                }
                dir = dir.resolve(name);
            }
        } catch (InvalidPathException e) {
            throw new StorageException("folder " + folder + " on volume " + volume.name() + " has no valid location "
                    + location + ": " + e.getMessage(), e);
        }
        dir = dir.normalize();
        if (!dir.startsWith(mount) || dir.getNameCount() != mount.getNameCount() + names.length) {
            throw leaves(volume, mount, folder, location);
        }
        return dir;
    }

    private static StorageException leaves(Volume volume, Path mount, FolderPath folder, String location) {
        return new StorageException("folder " + folder + " at " + location + " would leave volume " + volume.name()
                + " at " + mount);
    }

    /**
     * Creates the directories from the mount path down to {@code dir} where missing, refusing a
     * symbolic link on the way. Directories created concurrently are accepted.
     *
     * @param volume the volume, for messages; not {@code null}
     * @param mount  the volume's mount path
     * @param what   the folder or scope the directory belongs to, for messages
     * @param dir    the directory, inside the mount path
     * @throws StorageException when a symbolic link or a file is in the way, or a directory cannot
     *                          be created
     */
    public static void createDirectories(Volume volume, Path mount, Object what, Path dir) {
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
     * Whether anything exists at {@code dir}, refusing a symbolic link on the way from the mount
     * path, {@code dir} itself included.
     *
     * @param volume the volume, for messages; not {@code null}
     * @param mount  the volume's mount path
     * @param what   the folder or scope, for messages
     * @param dir    the path, inside the mount path
     * @return whether {@code dir} exists (as whatever kind of file)
     * @throws StorageException when there is a symbolic link on the way
     */
    public static boolean existingPath(Volume volume, Path mount, Object what, Path dir) {
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
        return true;
    }

    /**
     * Whether {@code dir} exists as a real directory, with no symbolic link on the way from the
     * mount path; a link or a file in its place is an error.
     *
     * @param volume the volume, for messages; not {@code null}
     * @param mount  the volume's mount path
     * @param what   the folder or scope, for messages
     * @param dir    the directory, inside the mount path
     * @return whether the directory exists
     * @throws StorageException when there is a symbolic link on the way or something other than a
     *                          directory is in its place
     */
    public static boolean existingDirectory(Volume volume, Path mount, Object what, Path dir) {
        if (!existingPath(volume, mount, what, dir)) {
            return false;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new StorageException(describe(what) + " on volume " + volume.name() + " is not a directory: "
                    + dir);
        }
        return true;
    }

    /**
     * Deletes the folder's directory tree when it exists (see {@link #existingDirectory});
     * a missing folder is not an error.
     *
     * @param volume the volume, for messages; not {@code null}
     * @param mount  the volume's mount path
     * @param folder the folder, for messages
     * @param dir    the folder's directory
     * @throws StorageException when there is a symbolic link on the way, something other than a
     *                          directory is in its place, or the tree cannot be deleted completely
     */
    public static void deleteFolder(Volume volume, Path mount, FolderPath folder, Path dir) {
        if (existingDirectory(volume, mount, folder, dir)) {
            deleteTree(volume, folder, dir);
        }
    }

    /**
     * Deletes the directory tree bottom-up, deleting symbolic links rather than following them;
     * a missing tree, or entries that vanish meanwhile, are not errors. The caller has checked the
     * way to {@code dir} (see {@link #existingDirectory}).
     *
     * @param volume the volume, for messages; not {@code null}
     * @param folder the folder, for messages
     * @param dir    the tree's root directory
     * @throws StorageException when the tree cannot be deleted completely
     */
    public static void deleteTree(Volume volume, FolderPath folder, Path dir) {
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
            return; // deleted concurrently: nothing left to delete
        } catch (IOException e) {
            throw new StorageException("cannot delete folder " + folder + " on volume " + volume.name() + " at "
                    + dir + ": " + describe(e), e);
        }
    }

    /**
     * Copies the tree {@code source} into the existing, empty directory {@code target}: regular
     * files with their attributes, directories, and relative symbolic links whose target stays
     * inside {@code source}; other links and special files are left out. Links are never followed.
     *
     * @param source the tree to copy
     * @param target the directory to copy into; exists and is empty
     * @throws IOException when an entry cannot be read or written; the partial copy stays
     */
    public static void copyTree(Path source, Path target) throws IOException {
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
     * Checks a clone before anything is changed: the source must exist as a real directory and
     * nothing may exist at the target, with no symbolic link on the way to either.
     *
     * @param volume the volume, for messages; not {@code null}
     * @param mount  the volume's mount path
     * @param from   the source folder
     * @param source its directory
     * @param to     the target folder
     * @param target its directory
     * @throws FolderNotFoundException when the source does not exist
     * @throws FolderExistsException   when the target exists
     * @throws StorageException        when there is a symbolic link on the way or the source is not
     *                                 a directory
     */
    public static void checkClone(Volume volume, Path mount, FolderPath from, Path source, FolderPath to,
            Path target) {
        if (!existingDirectory(volume, mount, from, source)) {
            throw new FolderNotFoundException(volume.name(), from);
        }
        if (existingPath(volume, mount, to, target)) {
            throw new FolderExistsException(volume.name(), to);
        }
    }

    /**
     * Checks a clone (see {@link #checkClone}) and creates its empty target directory, whose parent
     * must exist.
     *
     * @param volume the volume, for messages; not {@code null}
     * @param mount  the volume's mount path
     * @param from   the source folder
     * @param source its directory
     * @param to     the target folder
     * @param target its directory
     * @throws FolderNotFoundException when the source does not exist
     * @throws FolderExistsException   when the target exists, or was created meanwhile
     * @throws StorageException        when the checks fail otherwise or the target cannot be created
     */
    public static void prepareClone(Volume volume, Path mount, FolderPath from, Path source, FolderPath to,
            Path target) {
        checkClone(volume, mount, from, source, to, target);
        try {
            Files.createDirectory(target);
        } catch (FileAlreadyExistsException e) {
            throw new FolderExistsException(volume.name(), to);
        } catch (IOException e) {
            throw new StorageException("cannot clone folder " + from + " to " + to + " on volume " + volume.name()
                    + ": cannot create " + target + ": " + describe(e), e);
        }
    }

    /**
     * Copies the source tree into the prepared, empty target directory (see {@link #copyTree});
     * when that fails, removes the partial copy, target directory included, as far as it can.
     *
     * @param volume the volume, for messages; not {@code null}
     * @param from   the source folder
     * @param source its directory
     * @param to     the target folder
     * @param target its directory, existing and empty
     * @throws StorageException when the copy fails; a failure to remove the partial copy is
     *                          attached as a suppressed exception
     */
    public static void fillClone(Volume volume, FolderPath from, Path source, FolderPath to, Path target) {
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

    /**
     * Clones a folder: {@link #prepareClone} then {@link #fillClone}. The target's parent directory
     * must exist.
     *
     * @param volume the volume, for messages; not {@code null}
     * @param mount  the volume's mount path
     * @param from   the source folder
     * @param source its directory
     * @param to     the target folder
     * @param target its directory
     * @throws FolderNotFoundException when the source does not exist
     * @throws FolderExistsException   when the target exists
     * @throws StorageException        when the clone fails; the partial copy is removed as far as
     *                                 possible
     */
    public static void clone(Volume volume, Path mount, FolderPath from, Path source, FolderPath to, Path target) {
        prepareClone(volume, mount, from, source, to, target);
        fillClone(volume, from, source, to, target);
    }

    /**
     * Measures the folder by walking it: the sizes of its regular files and the number of entries
     * that are not directories, without following links.
     *
     * @param volume the volume, for messages; not {@code null}
     * @param mount  the volume's mount path
     * @param folder the folder, for messages
     * @param dir    its directory
     * @return the usage
     * @throws FolderNotFoundException when the folder does not exist (or vanishes meanwhile)
     * @throws StorageException        when there is a symbolic link on the way, something other than
     *                                 a directory is in its place, or it cannot be read
     */
    public static FolderUsage usage(Volume volume, Path mount, FolderPath folder, Path dir) {
        if (!existingDirectory(volume, mount, folder, dir)) {
            throw new FolderNotFoundException(volume.name(), folder);
        }
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

    /**
     * A short description of an I/O failure for messages: its kind and its message, e.g.
     * {@code AccessDenied /srv/x}.
     *
     * @param e the failure; not {@code null}
     * @return the kind without the {@code Exception} suffix, followed by the message when it has one
     */
    public static String describe(IOException e) {
        String what = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? what : what + " " + e.getMessage();
    }

    private static StorageException escape(Volume volume, Object what, Path link) {
        return new StorageException(describe(what) + " on volume " + volume.name() + " is refused: " + link
                + " is a symbolic link, which could lead out of the volume");
    }

    private static String describe(Object what) {
        return (what instanceof QuotaScope ? "quota scope " : "folder ") + what;
    }
}

package io.berth.core.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who owns what the manager writes into folders: containers run as a non-root user (the agent's default is
 * uid and gid 1000), so the folders' directories and the files uploaded into them are given to that user,
 * or they could not write there. A volume's options {@code folder_uid} and {@code folder_gid} choose other
 * ids. Ownership can only be given by a manager running as root on a file system with Unix owners; otherwise
 * everything stays owned by the manager's user (each failure logged at debug level) and containers see the
 * volume's own permissions.
 * Symbolic links are never followed.
 */
final class FolderOwnership {
    private static final Logger LOG = LoggerFactory.getLogger(FolderOwnership.class);
    static final String UID_OPTION = "folder_uid";
    static final String GID_OPTION = "folder_gid";
    static final int DEFAULT_ID = 1000;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final int uid;
    private final int gid;

    FolderOwnership(int uid, int gid) {
        this.uid = uid;
        this.gid = gid;
    }

    /** From a volume's options; invalid ids were refused when the volume was configured. */
    static FolderOwnership of(Map<String, String> options) {
        return new FolderOwnership(id(options.get(UID_OPTION)), id(options.get(GID_OPTION)));
    }

    static int id(String value) {
        if (value == null) {
            return DEFAULT_ID;
        }
        int id = Integer.parseInt(value.strip());
        if (id < 0) {
            throw new NumberFormatException("negative id " + id);
        }
        return id;
    }

    /** Gives one path (never a link's target) to the folder user. */
    void apply(Path p) {
        if (Files.isSymbolicLink(p) || !p.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return;
        }
        try {
            Files.setAttribute(p, "unix:uid", uid, NOFOLLOW);
            Files.setAttribute(p, "unix:gid", gid, NOFOLLOW);
        } catch (IOException | SecurityException e) {
            LOG.debug("cannot give {} to {}:{}: {}", p, uid, gid, e.toString());
        }
    }

    /** Gives {@code p} and every directory between {@code root} and it (both included) to the folder user. */
    void applyFrom(Path root, Path p) {
        Path rel = root.relativize(p);
        Path at = root;
        apply(at);
        for (Path part : rel) {
            at = at.resolve(part);
            apply(at);
        }
    }

    /** Gives a whole tree to the folder user, without following links. */
    void applyTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    apply(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    apply(file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.debug("cannot give the tree {} to {}:{}: {}", root, uid, gid, e.toString());
        }
    }
}

package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * Writes an export file safely: UTF-8, beside the target under a temporary name, moved into place when
 * complete, so that a failed export leaves no partial file; an existing file is replaced only when
 * {@code force} is set (atomically where the file system can).
 */
final class ExportFile {
    /** What writes the content. */
    interface Content {
        void write(Writer out) throws IOException;
    }

    /** The written file: where it is, how many CSV records passed (the header included) and its size. */
    record Written(Path path, long records, long bytes) {
    }

    private ExportFile() {
    }

    /** The target as an absolute path, checked: not a directory, in an existing directory, absent unless forced. */
    static Path target(String file, boolean force) {
        Path target = Paths.get(file).toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw new ValidationException(target + " is a directory", "file");
        }
        if (!force && Files.exists(target)) {
            throw exists(target);
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ValidationException("directory " + dir + " does not exist", "file");
        }
        return target;
    }

    static Written write(Path target, boolean force, Content content) {
        long records = atomically(target, force, part -> {
            try (Counting w = new Counting(Files.newBufferedWriter(part, StandardCharsets.UTF_8))) {
                content.write(w);
                return w.records();
            }
        });
        return new Written(target, records, size(target));
    }

    /**
     * Writes the bytes of {@code in} to the target the same way: under a temporary name beside it, moved into
     * place when complete. Closes {@code in}.
     *
     * @return the number of bytes written
     */
    static long write(Path target, boolean force, java.io.InputStream in) {
        try (in) {
            return atomically(target, force, part -> {
                try (java.io.OutputStream out = Files.newOutputStream(part)) {
                    return in.transferTo(out);
                }
            });
        } catch (IOException e) {
            throw new ValidationException("cannot read what is to be written to " + target + ": " + e, "file");
        }
    }

    /** Fills a new file. */
    private interface Filler {
        long fill(Path part) throws IOException;
    }

    /**
     * Fills a file created under a temporary name beside the target, then moves it into place (replacing the
     * target only with {@code force}); the temporary file never stays.
     *
     * @return what the filler answered
     */
    private static long atomically(Path target, boolean force, Filler filler) {
        Path part = target.getParent().resolve("." + target.getFileName() + "."
                + Long.toHexString(System.nanoTime()) + ".part");
        try {
            long n = filler.fill(Files.createFile(part));
            move(part, target, force);
            return n;
        } catch (FileAlreadyExistsException e) {
            throw exists(target);
        } catch (IOException e) {
            throw new ValidationException("cannot write " + target + ": " + e, "file");
        } finally {
            deleteQuietly(part);
        }
    }

    private static ValidationException exists(Path target) {
        return new ValidationException(target + " exists; give --force to replace it", "file");
    }

    /** Moves the complete file into place: replacing only with force, atomically where possible. */
    private static void move(Path part, Path target, boolean force) throws IOException {
        if (!force) {
            Files.move(part, target);
            return;
        }
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the export itself succeeded or already failed with its own message
        }
    }

    /**
     * Counts the CSV records passing through: line feeds outside double quotes (a quoted field may hold
     * line breaks; an escaped quote {@code ""} toggles twice), plus a last record without a line feed.
     */
    static final class Counting extends java.io.FilterWriter {
        private boolean quoted;
        private boolean openRecord;
        private long records;

        Counting(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            out.write(c);
            count((char) c);
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            out.write(buf, off, len);
            for (int i = off; i < off + len; i++) {
                count(buf[i]);
            }
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            out.write(s, off, len);
            for (int i = off; i < off + len; i++) {
                count(s.charAt(i));
            }
        }

        private void count(char c) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == '\n' && !quoted) {
                records++;
                openRecord = false;
            } else if (c != '\r') {
                openRecord = true;
            }
        }

        /** Records written so far, the header included. */
        long records() {
            return records + (openRecord ? 1 : 0);
        }
    }
}

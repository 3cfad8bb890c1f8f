package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.resource.ExportFormat;
import io.berth.core.resource.PolicyKind;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code berth:policy-export} (SPEC P5): writes every policy of a kind to a file, UTF-8, as CSV (a header
 * row) or JSON. The file is written beside the target under a temporary name and moved into place when
 * complete, so a failed export leaves no partial file; an existing file is only replaced with
 * {@code --force}.
 */
@Service
@Command(scope = "berth", name = "policy-export",
        description = "Writes the resource policies of one kind to a CSV or JSON file")
public class PolicyExportCommand extends PolicyCommand {

    @Option(name = "--format", description = "csv or json (default: json for a .json file, else csv)")
    @Completion(value = StringsCompleter.class, values = {"csv", "json"})
    String format;

    @Option(name = "--force", description = "Replace the file if it exists")
    boolean force;

    @Argument(index = 0, name = "kind", description = "keypair, user or project", required = true)
    @Completion(value = StringsCompleter.class, values = {"keypair", "user", "project"})
    String kind;

    @Argument(index = 1, name = "file", description = "The file to write", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Override
    protected void run() {
        PolicyKind k = kind(kind);
        Path target = Paths.get(file).toAbsolutePath().normalize();
        ExportFormat f = format != null ? ExportFormat.fromWire(format.trim(), "format") : byExtension(target);
        if (Files.isDirectory(target)) {
            throw new ValidationException(target + " is a directory", "file");
        }
        if (!force && Files.exists(target)) {
            throw new ValidationException(target + " exists; give --force to replace it", "file");
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ValidationException("directory " + dir + " does not exist", "file");
        }
        Path part = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".part");
        Counting counted;
        try {
            try (Counting w = new Counting(Files.newBufferedWriter(Files.createFile(part), StandardCharsets.UTF_8))) {
                policies.exportPolicies(CALLER, k, f, w);
                counted = w;
            }
            move(part, target);
        } catch (FileAlreadyExistsException e) {
            throw new ValidationException(target + " exists; give --force to replace it", "file");
        } catch (IOException e) {
            throw new ValidationException("cannot write " + target + ": " + e, "file");
        } finally {
            deleteQuietly(part);
        }
        long bytes = size(target);
        if (f == ExportFormat.CSV) {
            long rows = Math.max(0, counted.records() - 1);
            out().println("Wrote " + Format.count(rows, k.wire() + " policy", k.wire() + " policies") + " to "
                    + target + " (CSV: a header and " + Format.count(rows, "row", "rows") + ", " + bytes + " bytes).");
        } else {
            out().println("Wrote " + k.wire() + " policies to " + target + " (JSON: " + bytes + " bytes).");
        }
    }

    private static ExportFormat byExtension(Path target) {
        return target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? ExportFormat.JSON
                : ExportFormat.CSV;
    }

    /** Moves the complete file into place: replacing only with --force, atomically where possible. */
    private void move(Path part, Path target) throws IOException {
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
    static final class Counting extends FilterWriter {
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

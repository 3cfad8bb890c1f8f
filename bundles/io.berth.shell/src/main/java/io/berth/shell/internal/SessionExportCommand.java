package io.berth.shell.internal;

import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/**
 * {@code berth:session-export} (SPEC C7): writes the sessions matching the filters (all of them by default)
 * to a CSV file with a header row, UTF-8, as core streams it. The file is written under a temporary name
 * and moved into place when complete; an existing file is only replaced with {@code --force}.
 */
@Service
@Command(scope = "berth", name = "session-export", description = "Writes compute sessions to a CSV file")
public class SessionExportCommand extends SessionFilters {

    @Option(name = "--force", description = "Replace the file if it exists")
    boolean force;

    @Argument(index = 0, name = "file", description = "The CSV file to write", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Override
    protected void run() {
        var q = query();
        Path target = ExportFile.target(file, force);
        ExportFile.Written written = ExportFile.write(target, force, w -> sessions.exportCsv(CALLER, q, w));
        long rows = Math.max(0, written.records() - 1);
        out().println("Wrote " + Format.count(rows, "session", "sessions") + " to " + target + " (CSV: a header and "
                + Format.count(rows, "row", "rows") + ", " + written.bytes() + " bytes).");
    }
}

package io.berth.shell.internal;

import io.berth.core.resource.ExportFormat;
import io.berth.core.resource.PolicyKind;
import java.nio.file.Path;
import java.nio.file.Paths;
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
        ExportFormat f = format != null ? ExportFormat.fromWire(format.trim(), "format")
                : byExtension(Paths.get(file));
        Path target = ExportFile.target(file, force);
        ExportFile.Written written = ExportFile.write(target, force, w -> policies.exportPolicies(CALLER, k, f, w));
        if (f == ExportFormat.CSV) {
            long rows = Math.max(0, written.records() - 1);
            out().println("Wrote " + Format.count(rows, k.wire() + " policy", k.wire() + " policies") + " to "
                    + target + " (CSV: a header and " + Format.count(rows, "row", "rows") + ", " + written.bytes()
                    + " bytes).");
        } else {
            out().println("Wrote " + k.wire() + " policies to " + target + " (JSON: " + written.bytes() + " bytes).");
        }
    }

    private static ExportFormat byExtension(Path target) {
        Path name = target.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".json") ? ExportFormat.JSON
                : ExportFormat.CSV;
    }
}

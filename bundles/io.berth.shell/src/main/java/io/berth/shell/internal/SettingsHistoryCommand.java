package io.berth.shell.internal;

import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.settings.SettingChange;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code berth:settings-history} (SPEC Y1): audited changes of the system settings, newest first. */
@Service
@Command(scope = "berth", name = "settings-history",
        description = "Lists changes of the system settings, newest first")
public class SettingsHistoryCommand extends SettingsCommand {

    @Option(name = "--limit", aliases = "-n", description = "Rows to show, 1 to 500 (default 20)")
    int limit = PageRequest.DEFAULT_LIMIT;

    @Option(name = "--offset", description = "Rows to skip (default 0)")
    int offset;

    @Override
    protected void run() {
        Page<SettingChange> page = settings.history(CALLER, new PageRequest(offset, limit, null, false));
        ShellTable table = new ShellTable().emptyTableText("No changes.");
        table.column("CHANGED AT");
        table.column("SETTING").maxSize(24);
        table.column("OLD").maxSize(20);
        table.column("NEW").maxSize(20);
        table.column("BY").maxSize(24);
        for (SettingChange c : page.items()) {
            table.addRow().addContent(Format.date(c.changedAt()), Format.cut(c.setting(), 24),
                    Format.cut(Format.text(c.oldValue()), 20), Format.cut(Format.text(c.newValue()), 20),
                    Format.cut(Format.text(c.changedBy()), 24));
        }
        table.print(out());
        out().println(Format.footer(page, "changes"));
    }
}

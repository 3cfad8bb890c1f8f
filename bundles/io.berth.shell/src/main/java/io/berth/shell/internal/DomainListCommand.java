package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Domain;
import io.berth.core.identity.Page;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code berth:domain-list} (SPEC R2): lists domains, active and inactive unless one view is asked for. */
@Service
@Command(scope = "berth", name = "domain-list", description = "Lists domains")
public class DomainListCommand extends ListCommand {

    @Option(name = "--active", description = "Only active domains")
    boolean onlyActive;

    @Option(name = "--inactive", description = "Only inactive domains")
    boolean onlyInactive;

    @Option(name = "--order-by", description = "Sort key: name, created_at or modified_at")
    @Completion(value = StringsCompleter.class, values = {"name", "created_at", "modified_at"})
    String orderBy;

    @Override
    protected void run() {
        if (onlyActive && onlyInactive) {
            throw new ValidationException("give only one of --active and --inactive", "active");
        }
        Boolean active = onlyActive ? Boolean.TRUE : onlyInactive ? Boolean.FALSE : null;
        Page<Domain> page = identity.listDomains(CALLER, active, page(orderBy));
        ShellTable table = new ShellTable().emptyTableText("No domains.");
        table.column("NAME").maxSize(24);
        table.column("ACTIVE");
        table.column("DESCRIPTION").maxSize(30);
        table.column("VFOLDER HOSTS").maxSize(20);
        table.column("REGISTRIES").maxSize(20);
        for (Domain d : page.items()) {
            table.addRow().addContent(Format.cut(d.name(), 24), Format.yesNo(d.active()),
                    Format.cut(Format.text(d.description()), 30), Format.cut(Format.list(d.allowedVfolderHosts()), 20),
                    Format.cut(Format.list(d.allowedDockerRegistries()), 20));
        }
        table.print(out());
        out().println(Format.footer(page, "domains"));
    }
}

package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Page;
import io.berth.core.identity.Project;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code berth:project-list} (SPEC R2): lists projects, of every domain or of one. */
@Service
@Command(scope = "berth", name = "project-list", description = "Lists projects")
public class ProjectListCommand extends ListCommand {

    @Option(name = "--domain", description = "Only projects of this domain")
    @Completion(DomainNameCompleter.class)
    String domain;

    @Option(name = "--active", description = "Only active projects")
    boolean onlyActive;

    @Option(name = "--inactive", description = "Only inactive projects")
    boolean onlyInactive;

    @Option(name = "--order-by", description = "Sort key: name, domain_name, created_at or modified_at")
    @Completion(value = StringsCompleter.class, values = {"name", "domain_name", "created_at", "modified_at"})
    String orderBy;

    @Override
    protected void run() {
        if (onlyActive && onlyInactive) {
            throw new ValidationException("give only one of --active and --inactive", "active");
        }
        Boolean active = onlyActive ? Boolean.TRUE : onlyInactive ? Boolean.FALSE : null;
        Page<Project> page = identity.listProjects(CALLER, domain, active, page(orderBy));
        ShellTable table = new ShellTable().emptyTableText("No projects.");
        table.column("ID").maxSize(36);
        table.column("DOMAIN").maxSize(16);
        table.column("NAME").maxSize(24);
        table.column("TYPE");
        table.column("ACTIVE");
        table.column("POLICY").maxSize(14);
        for (Project p : page.items()) {
            table.addRow().addContent(Format.cut(p.id(), 36), Format.cut(p.domainName(), 16), Format.cut(p.name(), 24),
                    p.type().wire(), Format.yesNo(p.active()), Format.cut(p.resourcePolicy(), 14));
        }
        table.print(out());
        out().println(Format.footer(page, "projects"));
    }
}

package io.berth.shell.internal;

import io.berth.core.error.BerthException;
import io.berth.core.group.Associations;
import io.berth.core.group.ResourceGroup;
import io.berth.core.group.SchedulerOptions;
import io.berth.core.group.SessionType;
import io.berth.core.identity.IdentityService;
import io.berth.core.identity.Project;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.table.ShellTable;

/** The table and detail view of resource groups (SPEC A4). */
final class ResourceGroupViews {
    /** Retries to skip when the group sets none. */
    static final String SYSTEM_DEFAULT = "system default";

    private ResourceGroupViews() {
    }

    static void table(List<ResourceGroup> groups, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No resource groups.");
        table.column("NAME").maxSize(20);
        table.column("ACTIVE");
        table.column("PUBLIC");
        table.column("SCHEDULER").maxSize(12);
        table.column("SESSION TYPES").maxSize(28);
        table.column("AGENT SELECTION");
        table.column("DESCRIPTION").maxSize(30);
        for (ResourceGroup g : groups) {
            SchedulerOptions o = g.schedulerOptions();
            table.addRow().addContent(Format.cut(g.name(), 20), Format.yesNo(g.active()), Format.yesNo(g.isPublic()),
                    Format.cut(g.scheduler(), 12), o == null ? Format.NONE : sessionTypes(o),
                    o == null || o.agentSelection() == null ? Format.NONE : o.agentSelection().wire(),
                    Format.cut(Format.text(g.description()), 30));
        }
        table.print(out);
        out.println(Format.count(groups.size(), "resource group", "resource groups"));
    }

    /** {@code interactive,batch}, in the order of {@link SessionType}. */
    static String sessionTypes(SchedulerOptions o) {
        String s = o.allowedSessionTypes().stream().sorted().map(SessionType::wire).collect(Collectors.joining(","));
        return s.isEmpty() ? Format.NONE : s;
    }

    static void group(ResourceGroup g, PrintStream out) {
        SchedulerOptions o = g.schedulerOptions();
        Format.Details d = new Format.Details()
                .add("Name", g.name())
                .add("Description", g.description())
                .add("Active", Format.yesNo(g.active()))
                .add("Public", Format.yesNo(g.isPublic()))
                .add("Wsproxy address", g.wsproxyAddress())
                .add("Scheduler", g.scheduler());
        if (o != null) {
            d.add("Session types", sessionTypes(o))
                    .add("Pending timeout", o.pendingTimeout() == 0 ? "none" : Durations.format(o.pendingTimeout()))
                    .add("Retries to skip", o.retriesToSkip() == null ? SYSTEM_DEFAULT
                            : Integer.toString(o.retriesToSkip()))
                    .add("Agent selection", o.agentSelection() == null ? null : o.agentSelection().wire());
        }
        d.add("Created", Format.date(g.createdAt()))
                .add("Modified", Format.date(g.modifiedAt()))
                .print(out);
    }

    /**
     * Who the group is available to. Projects read {@code domain/name (id)} where the identity service knows
     * the id, the bare id otherwise.
     */
    static void associations(Associations a, IdentityService identity, PrintStream out) {
        List<String> projects = new ArrayList<>();
        for (String id : a.projects()) {
            projects.add(project(identity, id));
        }
        new Format.Details()
                .add("Domains", Format.list(a.domains()))
                .add("Projects", Format.list(projects))
                .add("Keypairs", Format.list(a.keyPairs()))
                .print(out);
    }

    /** {@code domain/name (id)}, or the id when the project cannot be read. */
    static String project(IdentityService identity, String id) {
        try {
            Project p = identity.getProject(BerthCommand.CALLER, id);
            return p.domainName() + "/" + p.name() + " (" + id + ")";
        } catch (BerthException e) {
            return id;
        }
    }
}

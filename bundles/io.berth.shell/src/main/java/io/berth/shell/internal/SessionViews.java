package io.berth.shell.internal;

import io.berth.core.identity.Page;
import io.berth.core.session.Kernel;
import io.berth.core.session.PresetCheck;
import io.berth.core.session.Session;
import io.berth.core.session.SessionDetail;
import io.berth.core.session.StatusChange;
import io.berth.core.session.UsageRecalculation;
import io.berth.spi.resource.SlotKind;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.table.ShellTable;

/** The session table and detail view (SPEC C1, C3), preset checks (A5) and the usage report (Y2). */
final class SessionViews {
    private SessionViews() {
    }

    /** One row per session; for a pending one the reason is why it waits. */
    static void table(Page<Session> page, Function<String, SlotKind> kinds, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No sessions.");
        table.column("ID").maxSize(24);
        table.column("NAME").maxSize(20);
        table.column("STATUS");
        table.column("TYPE");
        table.column("OWNER").maxSize(28);
        table.column("GROUP").maxSize(16);
        table.column("REQUESTED").maxSize(40);
        table.column("CREATED");
        table.column("REASON").maxSize(40);
        for (Session s : page.items()) {
            table.addRow().addContent(Format.cut(s.id(), 24), Format.cut(Format.text(s.name()), 20),
                    s.status().wire(), s.type() == null ? Format.NONE : s.type().wire(),
                    Format.cut(Format.text(s.ownerEmail()), 28), Format.cut(Format.text(s.resourceGroup()), 16),
                    Format.cut(SlotText.format(s.requested(), kinds, Format.NONE), 40), Format.date(s.createdAt()),
                    Format.cut(Format.text(s.statusReason()), 40));
        }
        table.print(out);
        out.println(Format.footer(page, "sessions"));
    }

    /** Every field of the session, and why it is pending when it is. */
    static void session(Session s, Function<String, SlotKind> kinds, PrintStream out) {
        new Format.Details()
                .add("Id", s.id())
                .add("Name", s.name())
                .add("Status", s.status().wire())
                .add("Status reason", s.statusReason())
                .add("Status changed", Format.date(s.statusChangedAt()))
                .add("Type", s.type() == null ? null : s.type().wire())
                .add("Image", s.image())
                .add("Architecture", s.architecture())
                .add("Owner", s.ownerEmail())
                .add("Access key", s.accessKey())
                .add("Project", s.projectId())
                .add("Domain", s.domain())
                .add("Resource group", s.resourceGroup())
                .add("Cluster", s.clusterSize() + " container" + (s.clusterSize() == 1 ? "" : "s")
                        + (s.clusterMode() == null ? "" : ", " + s.clusterMode().wire()))
                .add("Slots per container", SlotText.format(s.slotsPerContainer(), kinds, Format.NONE))
                .add("Requested", SlotText.format(s.requested(), kinds, Format.NONE))
                .add("Environment", environment(s.environment()))
                .add("Mounts", Format.list(s.mounts()))
                .add("Startup command", s.startupCommand())
                .add("Priority", Integer.toString(s.priority()))
                .add("Depends on", Format.list(s.dependencies()))
                .add("Starts at", s.startsAt() == null ? null : Format.date(s.startsAt()))
                .add("Sudo", Format.yesNo(s.sudo()))
                .add("Retries", Integer.toString(s.retries()))
                .add("Created", Format.date(s.createdAt()))
                .add("Terminated", s.terminatedAt() == null ? null : Format.date(s.terminatedAt()))
                .add("Last activity", Format.date(s.lastActivity()))
                .print(out);
        if (!s.pendingReasons().isEmpty()) {
            out.println();
            out.println("Why it is pending:");
            s.pendingReasons().forEach(r -> out.println("  - " + r));
        }
    }

    /** {@code A=1, B=2} in name order; {@code -} when empty. */
    static String environment(Map<String, String> env) {
        return env == null || env.isEmpty() ? Format.NONE : env.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The session, then its containers and its status history. */
    static void detail(SessionDetail d, Function<String, SlotKind> kinds, PrintStream out) {
        session(d.session(), kinds, out);
        List<Kernel> kernels = d.session().kernels();
        out.println();
        out.println("Containers (" + kernels.size() + "):");
        ShellTable table = new ShellTable().emptyTableText("(none)");
        table.column("INDEX").alignRight();
        table.column("ID").maxSize(24);
        table.column("AGENT").maxSize(24);
        table.column("CONTAINER").maxSize(16);
        table.column("STATUS");
        table.column("SLOTS").maxSize(40);
        table.column("EXIT").alignRight();
        table.column("REASON").maxSize(40);
        for (Kernel k : kernels) {
            table.addRow().addContent(k.index(), Format.cut(k.id(), 24), Format.cut(Format.text(k.agentId()), 24),
                    Format.cut(Format.text(k.containerId()), 16), k.status().wire(),
                    Format.cut(SlotText.format(k.slots(), kinds, Format.NONE), 40),
                    k.exitCode() == null ? Format.NONE : k.exitCode().toString(),
                    Format.cut(Format.text(k.statusReason()), 40));
        }
        table.print(out);
        out.println();
        out.println("History:");
        ShellTable history = new ShellTable().emptyTableText("(none)");
        history.column("AT");
        history.column("STATUS");
        history.column("REASON").maxSize(60);
        for (StatusChange c : d.history()) {
            history.addRow().addContent(Format.date(c.at()), c.status().wire(),
                    Format.cut(Format.text(c.reason()), 60));
        }
        history.print(out);
    }

    /** Per resource group: its free capacity, the remaining limits, then one row per preset. */
    static void presetChecks(List<PresetCheck> checks, Function<String, SlotKind> kinds, PrintStream out) {
        if (checks.isEmpty()) {
            out.println("No resource groups.");
            return;
        }
        boolean first = true;
        for (PresetCheck c : checks) {
            if (!first) {
                out.println();
            }
            first = false;
            new Format.Details()
                    .add("Resource group", c.resourceGroup())
                    .add("Free", SlotText.format(c.groupFree(), kinds, Format.NONE))
                    .add("Remaining limits", SlotText.format(c.keypairRemaining(), kinds, Format.NONE))
                    .print(out);
            ShellTable table = new ShellTable().emptyTableText("No presets.");
            table.column("PRESET").maxSize(20);
            table.column("SLOTS").maxSize(40);
            table.column("ALLOCATABLE");
            table.column("WHY NOT").maxSize(60);
            for (PresetCheck.PresetAvailability p : c.presets()) {
                table.addRow().addContent(Format.cut(p.preset(), 20),
                        Format.cut(SlotText.format(p.slots(), kinds, Format.NONE), 40), Format.yesNo(p.allocatable()),
                        Format.cut(p.reasons().isEmpty() ? Format.NONE : String.join("; ", p.reasons()), 60));
            }
            table.print(out);
        }
    }

    /** What the recalculation looked at, then each agent it changed. */
    static void recalculation(UsageRecalculation r, Function<String, SlotKind> kinds, PrintStream out) {
        out.println("Checked " + Format.count(r.agentsChecked(), "agent", "agents") + " and counted "
                + Format.count(r.sessionsCounted(), "session", "sessions") + ".");
        if (r.changes().isEmpty()) {
            out.println("Every agent's occupied slots were right; nothing changed.");
            return;
        }
        out.println("Occupied slots rebuilt on " + Format.count(r.changes().size(), "agent", "agents") + ":");
        ShellTable table = new ShellTable();
        table.column("AGENT").maxSize(24);
        table.column("BEFORE").maxSize(50);
        table.column("AFTER").maxSize(50);
        for (UsageRecalculation.AgentChange c : r.changes()) {
            table.addRow().addContent(Format.cut(c.agentId(), 24),
                    Format.cut(SlotText.format(c.before(), kinds, Format.NONE), 50),
                    Format.cut(SlotText.format(c.after(), kinds, Format.NONE), 50));
        }
        table.print(out);
    }
}

package io.berth.shell.internal;

import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.ResourcePreset;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.spi.resource.SlotKind;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;
import org.apache.karaf.shell.support.table.ShellTable;

/** The tables and detail views of resource policies and resource presets. */
final class PolicyViews {
    /** How an empty slot map of a keypair policy reads; what it means depends on the unspecified rule. */
    static final String NO_SLOTS = "(none)";
    /** Shared memory of a preset when it does not set one. */
    static final String IMAGE_DEFAULT = "image default";
    /** Resource group of a preset that applies to every group. */
    static final String EVERY_GROUP = "(every group)";

    private PolicyViews() {
    }

    static void keyPairPolicy(KeyPairResourcePolicy p, Function<String, SlotKind> kinds, PrintStream out) {
        new Format.Details()
                .add("Kind", "keypair")
                .add("Name", p.name())
                .add("Total resource slots", SlotText.format(p.totalResourceSlots(), kinds, NO_SLOTS))
                .add("Unspecified slots", p.defaultForUnspecified().wire())
                .add("Max session lifetime", Durations.format(p.maxSessionLifetime()))
                .add("Max concurrent sessions", Integer.toString(p.maxConcurrentSessions()))
                .add("Max pending sessions", SlotText.count(p.maxPendingSessionCount()))
                .add("Max pending slots", SlotText.format(p.maxPendingSessionResourceSlots(), kinds, "unlimited"))
                .add("Max containers/session", Integer.toString(p.maxContainersPerSession()))
                .add("Idle timeout", Durations.format(p.idleTimeout()))
                .add("Vfolder hosts", Format.list(p.allowedVfolderHosts()))
                .add("Created", Format.date(p.createdAt()))
                .add("Modified", Format.date(p.modifiedAt()))
                .print(out);
    }

    static void userPolicy(UserResourcePolicy p, PrintStream out) {
        new Format.Details()
                .add("Kind", "user")
                .add("Name", p.name())
                .add("Max folders", SlotText.count(p.maxVfolderCount()))
                .add("Max folder size", SlotText.bytes(p.maxQuotaScopeSize()))
                .add("Max model sessions", Integer.toString(p.maxSessionCountPerModelSession()))
                .add("Max custom images", SlotText.count(p.maxCustomizedImageCount()))
                .add("Created", Format.date(p.createdAt()))
                .add("Modified", Format.date(p.modifiedAt()))
                .print(out);
    }

    static void projectPolicy(ProjectResourcePolicy p, PrintStream out) {
        new Format.Details()
                .add("Kind", "project")
                .add("Name", p.name())
                .add("Max folders", SlotText.count(p.maxVfolderCount()))
                .add("Max folder size", SlotText.bytes(p.maxQuotaScopeSize()))
                .add("Created", Format.date(p.createdAt()))
                .add("Modified", Format.date(p.modifiedAt()))
                .print(out);
    }

    static void keyPairPolicies(List<KeyPairResourcePolicy> list, Function<String, SlotKind> kinds, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No keypair policies.");
        table.column("NAME").maxSize(20);
        table.column("TOTAL SLOTS").maxSize(34);
        table.column("UNSPECIFIED");
        table.column("SESSIONS").alignRight();
        table.column("PENDING").alignRight();
        table.column("LIFETIME").alignRight();
        table.column("IDLE").alignRight();
        table.column("CONTAINERS").alignRight();
        for (KeyPairResourcePolicy p : list) {
            table.addRow().addContent(Format.cut(p.name(), 20),
                    Format.cut(SlotText.format(p.totalResourceSlots(), kinds, NO_SLOTS), 34),
                    p.defaultForUnspecified().wire(), p.maxConcurrentSessions(),
                    SlotText.count(p.maxPendingSessionCount()), Durations.format(p.maxSessionLifetime()),
                    Durations.format(p.idleTimeout()), p.maxContainersPerSession());
        }
        table.print(out);
        out.println(Format.count(list.size(), "keypair policy", "keypair policies"));
    }

    static void userPolicies(List<UserResourcePolicy> list, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No user policies.");
        table.column("NAME").maxSize(24);
        table.column("MAX FOLDERS").alignRight();
        table.column("MAX FOLDER SIZE").alignRight();
        table.column("MODEL SESSIONS").alignRight();
        table.column("CUSTOM IMAGES").alignRight();
        table.column("MODIFIED");
        for (UserResourcePolicy p : list) {
            table.addRow().addContent(Format.cut(p.name(), 24), SlotText.count(p.maxVfolderCount()),
                    SlotText.bytes(p.maxQuotaScopeSize()), p.maxSessionCountPerModelSession(),
                    SlotText.count(p.maxCustomizedImageCount()), Format.date(p.modifiedAt()));
        }
        table.print(out);
        out.println(Format.count(list.size(), "user policy", "user policies"));
    }

    static void projectPolicies(List<ProjectResourcePolicy> list, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No project policies.");
        table.column("NAME").maxSize(24);
        table.column("MAX FOLDERS").alignRight();
        table.column("MAX FOLDER SIZE").alignRight();
        table.column("MODIFIED");
        for (ProjectResourcePolicy p : list) {
            table.addRow().addContent(Format.cut(p.name(), 24), SlotText.count(p.maxVfolderCount()),
                    SlotText.bytes(p.maxQuotaScopeSize()), Format.date(p.modifiedAt()));
        }
        table.print(out);
        out.println(Format.count(list.size(), "project policy", "project policies"));
    }

    static void preset(ResourcePreset p, Function<String, SlotKind> kinds, PrintStream out) {
        new Format.Details()
                .add("Name", p.name())
                .add("Resource slots", SlotText.format(p.resourceSlots(), kinds, NO_SLOTS))
                .add("Shared memory", SlotText.bytes(p.sharedMemory(), IMAGE_DEFAULT))
                .add("Resource group", p.resourceGroup() == null ? EVERY_GROUP : p.resourceGroup())
                .add("Created", Format.date(p.createdAt()))
                .add("Modified", Format.date(p.modifiedAt()))
                .print(out);
    }

    static void presets(List<ResourcePreset> list, Function<String, SlotKind> kinds, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No resource presets.");
        table.column("NAME").maxSize(24);
        table.column("RESOURCE SLOTS").maxSize(44);
        table.column("SHARED MEMORY").alignRight();
        table.column("RESOURCE GROUP").maxSize(20);
        for (ResourcePreset p : list) {
            table.addRow().addContent(Format.cut(p.name(), 24),
                    Format.cut(SlotText.format(p.resourceSlots(), kinds, NO_SLOTS), 44),
                    SlotText.bytes(p.sharedMemory(), IMAGE_DEFAULT),
                    Format.cut(p.resourceGroup() == null ? EVERY_GROUP : p.resourceGroup(), 20));
        }
        table.print(out);
        out.println(Format.count(list.size(), "resource preset", "resource presets"));
    }
}

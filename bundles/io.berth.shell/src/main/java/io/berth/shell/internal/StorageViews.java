package io.berth.shell.internal;

import io.berth.core.storage.FileEntry;
import io.berth.core.storage.FolderView;
import io.berth.core.storage.ModelCard;
import io.berth.core.storage.QuotaView;
import io.berth.core.storage.VFolder;
import io.berth.core.storage.VolumeView;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * The tables and detail views of volumes, quotas, folders, files and model cards (SPEC S1–S7). A volume's
 * secret options show by name only, never with a value.
 */
final class StorageViews {
    private StorageViews() {
    }

    static String bytes(Long b) {
        return SlotText.bytes(b, Format.NONE);
    }

    /** {@code 1.5g of 4t}, or what is known of it. */
    static String usage(Long used, Long capacity) {
        if (used == null && capacity == null) {
            return Format.NONE;
        }
        return bytes(used) + " of " + bytes(capacity);
    }

    /** The non-secret options as {@code key=value}, sorted; a secret one never appears, even if given. */
    static String options(VolumeView v) {
        Map<String, String> open = new TreeMap<>(v.options() == null ? Map.of() : v.options());
        if (v.secretOptions() != null) {
            open.keySet().removeAll(v.secretOptions());
        }
        open.keySet().removeIf(VolumeOptions::secretName);
        return open.isEmpty() ? Format.NONE : String.join(", ", open.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    static void volumes(List<VolumeView> volumes, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No storage volumes.");
        table.column("NAME").maxSize(30);
        table.column("BACKEND");
        table.column("MOUNT PATH").maxSize(40);
        table.column("AVAILABLE");
        table.column("CAPABILITIES").maxSize(30);
        table.column("USED");
        table.column("FOLDERS");
        for (VolumeView v : volumes) {
            table.addRow().addContent(Format.cut(v.name(), 30), Format.text(v.backend()),
                    Format.cut(Format.text(v.mountPath()), 40), Format.yesNo(v.available()),
                    Format.cut(Format.list(v.capabilities()), 30), usage(v.usedBytes(), v.capacityBytes()),
                    v.folderCount());
        }
        table.print(out);
        out.println(Format.count(volumes.size(), "storage volume", "storage volumes"));
    }

    static void volume(VolumeView v, PrintStream out) {
        new Format.Details()
                .add("Name", v.name())
                .add("Backend", v.backend())
                .add("Mount path", v.mountPath())
                .add("Options", options(v))
                .add("Secret options", Format.list(v.secretOptions() == null ? null
                        : v.secretOptions().stream().sorted().map(s -> s + " (set, hidden)").toList()))
                .add("Available", v.available() ? "yes" : "no: " + Format.text(v.unavailableReason()))
                .add("Capabilities", Format.list(v.capabilities()))
                .add("Used", usage(v.usedBytes(), v.capacityBytes()))
                .add("Folders", Long.toString(v.folderCount()))
                .add("Created", Format.date(v.createdAt()))
                .add("Modified", Format.date(v.modifiedAt()))
                .print(out);
    }

    static void quotas(List<QuotaView> quotas, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No quota scopes.");
        table.column("TYPE");
        table.column("SCOPE").maxSize(40);
        table.column("USED");
        table.column("HARD LIMIT");
        table.column("SOURCE");
        table.column("SCOPE ID").maxSize(40);
        for (QuotaView q : quotas) {
            table.addRow().addContent(q.kind() == null ? Format.NONE : q.kind().wire(),
                    Format.cut(Format.text(q.scopeName()), 40), bytes(q.usedBytes()), limit(q),
                    Format.text(q.source()), Format.cut(Format.text(q.scopeId()), 40));
        }
        table.print(out);
        out.println(Format.count(quotas.size(), "quota scope", "quota scopes"));
    }

    static String limit(QuotaView q) {
        return q.hardLimitBytes() == null ? "none" : bytes(q.hardLimitBytes());
    }

    static void quota(QuotaView q, PrintStream out) {
        new Format.Details()
                .add("Volume", q.volume())
                .add("Type", q.kind() == null ? null : q.kind().wire())
                .add("Scope", q.scopeName())
                .add("Scope id", q.scopeId())
                .add("Used", bytes(q.usedBytes()))
                .add("Hard limit", limit(q) + " (" + Format.text(q.source()) + ")")
                .add("Explicit limit", q.explicitLimitBytes() == null ? "none" : bytes(q.explicitLimitBytes()))
                .add("Policy", q.policy() == null ? null : q.policy() + " (" + (q.policyLimitBytes() == null
                        ? "no limit" : bytes(q.policyLimitBytes())) + ")")
                .add("Quota supported", Format.yesNo(q.quotaSupported()))
                .print(out);
    }

    static String wire(Enum<?> e) {
        return e == null ? Format.NONE : e.name().toLowerCase(java.util.Locale.ROOT);
    }

    static void folders(List<FolderView> folders, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No folders.");
        table.column("ID").maxSize(40);
        table.column("NAME").maxSize(30);
        table.column("TYPE");
        table.column("OWNER").maxSize(30);
        table.column("VOLUME").maxSize(20);
        table.column("USAGE");
        table.column("PERMISSION");
        table.column("CLONEABLE");
        for (FolderView v : folders) {
            VFolder f = v.folder();
            table.addRow().addContent(Format.cut(f.id(), 40), Format.cut(f.name(), 30), wire(f.ownerKind()),
                    Format.cut(Format.text(v.ownerName()), 30), Format.cut(f.volume(), 20), wire(f.usageMode()),
                    wire(f.permission()), Format.yesNo(f.cloneable()));
        }
        table.print(out);
        out.println(Format.count(folders.size(), "folder", "folders"));
    }

    static void folder(FolderView v, PrintStream out) {
        VFolder f = v.folder();
        new Format.Details()
                .add("Id", f.id())
                .add("Name", f.name())
                .add("Type", wire(f.ownerKind()))
                .add("Owner", Format.text(v.ownerName()) + " (" + Format.text(f.ownerId()) + ")")
                .add("Domain", f.domainName())
                .add("Creator", f.creatorId())
                .add("Volume", f.volume())
                .add("Usage mode", wire(f.usageMode()))
                .add("Permission", wire(f.permission()))
                .add("Cloneable", Format.yesNo(f.cloneable()))
                .add("Model card", Format.yesNo(v.modelStore()))
                .add("Created", Format.date(f.createdAt()))
                .add("Modified", Format.date(f.modifiedAt()))
                .print(out);
    }

    static void files(List<FileEntry> entries, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No files.");
        table.column("TYPE");
        table.column("SIZE");
        table.column("MODIFIED");
        table.column("NAME").maxSize(80);
        for (FileEntry e : entries) {
            table.addRow().addContent(Format.text(e.type()), "directory".equals(e.type()) ? Format.NONE
                    : bytes(e.size()), Format.date(e.modifiedAt()),
                    Format.cut(e.name() + ("directory".equals(e.type()) ? "/" : ""), 80));
        }
        table.print(out);
        out.println(Format.count(entries.size(), "entry", "entries"));
    }

    static void cards(List<ModelCard> cards, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No model cards.");
        table.column("FOLDER ID").maxSize(40);
        table.column("NAME").maxSize(30);
        table.column("TITLE").maxSize(40);
        table.column("STATUS");
        table.column("MODELS");
        table.column("CLONEABLE");
        for (ModelCard c : cards) {
            table.addRow().addContent(Format.cut(c.folderId(), 40), Format.cut(c.folderName(), 30),
                    Format.cut(Format.text(c.title()), 40), Format.text(c.status()),
                    c.models() == null ? 0 : c.models().size(), Format.yesNo(c.cloneable()));
        }
        table.print(out);
        out.println(Format.count(cards.size(), "model card", "model cards"));
    }

    static void card(ModelCard c, PrintStream out) {
        new Format.Details()
                .add("Folder", c.folderName() + " (" + c.folderId() + ")")
                .add("Project", c.projectId())
                .add("Domain", c.domainName())
                .add("Title", c.title())
                .add("Description", c.description())
                .add("Status", "error".equals(c.status()) ? "error: " + Format.text(c.error()) : c.status())
                .add("Cloneable", Format.yesNo(c.cloneable()))
                .print(out);
        out.println("Models:");
        if (c.models() == null || c.models().isEmpty()) {
            out.println("  none");
            return;
        }
        for (ModelCard.Model m : c.models()) {
            out.println("  " + m.name() + " at " + Format.text(m.modelPath()));
            if (m.metadata() != null) {
                new TreeMap<>(m.metadata()).forEach((k, v) -> out.println("    " + k + ": " + v));
            }
        }
    }
}

package io.berth.shell.internal;

import io.berth.core.identity.Page;
import io.berth.core.image.ContainerRegistry;
import io.berth.core.image.Image;
import io.berth.core.image.ImageApp;
import io.berth.core.image.RescanTask;
import io.berth.spi.resource.SlotKind;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * The tables and detail views of container registries, rescans and images (SPEC I1, I3, I4). A registry's
 * password is never shown, only whether one is set.
 */
final class ImageViews {
    private ImageViews() {
    }

    static void registries(List<ContainerRegistry> registries, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No container registries.");
        table.column("HOSTNAME").maxSize(30);
        table.column("URL").maxSize(40);
        table.column("TYPE");
        table.column("PROJECT").maxSize(20);
        table.column("USERNAME").maxSize(20);
        table.column("PASSWORD");
        table.column("SSL VERIFY");
        for (ContainerRegistry r : registries) {
            table.addRow().addContent(Format.cut(r.hostname(), 30), Format.cut(r.url(), 40), Format.text(r.type()),
                    Format.cut(Format.text(r.project()), 20), Format.cut(Format.text(r.username()), 20),
                    password(r), Format.yesNo(r.sslVerify()));
        }
        table.print(out);
        out.println(Format.count(registries.size(), "container registry", "container registries"));
    }

    /** {@code set} or {@code -}: never the password itself. */
    static String password(ContainerRegistry r) {
        return r.hasPassword() ? "set" : Format.NONE;
    }

    static void registry(ContainerRegistry r, PrintStream out) {
        new Format.Details()
                .add("Hostname", r.hostname())
                .add("URL", r.url())
                .add("Type", r.type())
                .add("Project", r.project())
                .add("Username", r.username())
                .add("Password", password(r))
                .add("SSL verify", Format.yesNo(r.sslVerify()))
                .add("Created", Format.date(r.createdAt()))
                .add("Modified", Format.date(r.modifiedAt()))
                .print(out);
    }

    static String state(RescanTask t) {
        return t.state() == null ? Format.NONE : t.state().name().toLowerCase(Locale.ROOT);
    }

    /** {@code all registries} for a rescan of every registry. */
    static String target(RescanTask t) {
        return t.registry() == null ? "all registries" : t.registry();
    }

    static void tasks(List<RescanTask> tasks, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No rescans.");
        table.column("ID").maxSize(40);
        table.column("REGISTRY").maxSize(30);
        table.column("STATE");
        table.column("DONE");
        table.column("STARTED");
        table.column("FINISHED");
        for (RescanTask t : tasks) {
            table.addRow().addContent(Format.cut(t.id(), 40), Format.cut(target(t), 30), state(t),
                    t.done() + "/" + t.total(), Format.date(t.startedAt()), Format.date(t.finishedAt()));
        }
        table.print(out);
        out.println(Format.count(tasks.size(), "rescan", "rescans"));
    }

    /** The task's figures, then its per-registry outcomes. */
    static void task(RescanTask t, PrintStream out) {
        new Format.Details()
                .add("Rescan", t.id())
                .add("Registry", target(t))
                .add("State", state(t))
                .add("Repositories", t.done() + " of " + t.total())
                .add("Started", Format.date(t.startedAt()))
                .add("Finished", Format.date(t.finishedAt()))
                .print(out);
        outcomes(t, out);
    }

    /** One line per registry: what was imported and skipped, or the error. */
    static void outcomes(RescanTask t, PrintStream out) {
        if (t.outcomes().isEmpty()) {
            return;
        }
        out.println("Outcomes:");
        for (RescanTask.RegistryOutcome o : t.outcomes()) {
            out.println("  " + o.registry() + ": " + (o.ok()
                    ? "ok, " + o.imported() + " imported, " + o.skipped() + " skipped"
                    : "failed: " + Format.text(o.error())));
        }
    }

    static void images(Page<Image> page, Function<String, SlotKind> kinds, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No images.");
        table.column("REFERENCE").maxSize(60);
        table.column("ARCH");
        table.column("SIZE");
        table.column("MIN RESOURCES").maxSize(40);
        table.column("APPS").maxSize(30);
        table.column("INSTALLED ON").maxSize(30);
        for (Image i : page.items()) {
            table.addRow().addContent(Format.cut(i.reference(), 60), Format.text(i.architecture()),
                    SlotText.bytes(i.sizeBytes(), Format.NONE), Format.cut(SlotText.format(i.minResources(), kinds,
                            Format.NONE), 40),
                    Format.cut(Format.list(i.apps().stream().map(ImageApp::name).toList()), 30),
                    Format.cut(Format.list(i.installedOn()), 30));
        }
        table.print(out);
        out.println(Format.footer(page, "images"));
    }

    static void image(Image i, Function<String, SlotKind> kinds, PrintStream out) {
        new Format.Details()
                .add("Reference", i.reference())
                .add("Registry", i.registry())
                .add("Namespace", i.namespace())
                .add("Name", i.name())
                .add("Tag", i.tag())
                .add("Architecture", i.architecture())
                .add("Digest", i.digest())
                .add("Size", SlotText.bytes(i.sizeBytes(), Format.NONE))
                .add("Base distro", i.baseDistro())
                .add("Min resources", SlotText.format(i.minResources(), kinds, "none"))
                .add("Max resources", SlotText.format(i.maxResources(), kinds, "none"))
                .add("Installed on", Format.list(i.installedOn()))
                .add("Scanned", Format.date(i.scannedAt()))
                .add("Modified", Format.date(i.modifiedAt()))
                .print(out);
        out.println("Apps:");
        if (i.apps().isEmpty()) {
            out.println("  none");
        }
        for (ImageApp a : i.apps()) {
            out.println("  " + app(a));
        }
        if (!i.labels().isEmpty()) {
            out.println("Labels:");
            new java.util.TreeMap<>(i.labels()).forEach((k, v) -> out.println("  " + k + "=" + v));
        }
    }

    /** {@code jupyter (http: 8080, 8081)}. */
    static String app(ImageApp a) {
        return a.name() + " (" + Format.text(a.protocol()) + ": "
                + (a.ports().isEmpty() ? "no ports" : a.ports().stream().map(String::valueOf)
                        .collect(Collectors.joining(", "))) + ")";
    }
}

package io.berth.shell.internal;

import io.berth.core.info.ComponentInfo;
import io.berth.core.info.InformationService;
import io.berth.core.info.SystemInformation;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code berth:info} (SPEC Y3): manager, API, Java and Karaf versions and every installed Berth component
 * with its state and SPI compatibility; the problems of incompatible components are listed in full below.
 */
@Service
@Command(scope = "berth", name = "info", description = "Shows versions and the installed Berth components")
public class InfoCommand extends BerthCommand {

    @Reference
    InformationService information;

    @Override
    protected void run() {
        SystemInformation info = information.describe(CALLER);
        new Format.Details()
                .add("Manager version", info.managerVersion())
                .add("API version", info.apiVersion())
                .add("Java version", info.javaVersion())
                .add("Karaf version", info.karafVersion())
                .print(out());
        out().println();
        ShellTable table = new ShellTable().emptyTableText("No components.");
        table.column("ID").alignRight();
        table.column("SYMBOLIC NAME").maxSize(36);
        table.column("VERSION").maxSize(20);
        table.column("STATE");
        table.column("PLUGIN");
        table.column("COMPATIBLE");
        table.column("PROBLEMS").alignRight();
        for (ComponentInfo c : info.components()) {
            table.addRow().addContent(c.bundleId(), Format.cut(c.symbolicName(), 36), Format.cut(c.version(), 20),
                    c.state(), Format.yesNo(c.plugin()), Format.yesNo(c.compatible()), c.problems().size());
        }
        table.print(out());
        out().println(Format.count(info.components().size(), "component", "components"));
        for (ComponentInfo c : info.components()) {
            for (String problem : c.problems()) {
                out().println("Problem: " + c.symbolicName() + ": " + problem);
            }
        }
    }
}

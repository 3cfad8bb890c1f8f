package io.berth.shell.internal;

import io.berth.spi.resource.Amount;
import io.berth.spi.resource.SlotDefinition;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code berth:slots}: the resource slot types known now, built in or declared by installed plugins, with
 * how their amounts are written and the most a resource policy may grant.
 */
@Service
@Command(scope = "berth", name = "slots", description = "Lists the known resource slot types")
public class SlotsCommand extends BerthCommand {

    @Override
    protected void run() {
        if (slotRegistry == null) {
            err().println("Error: the slot registry is not available (is the berth-core feature started?)");
            return;
        }
        ShellTable table = new ShellTable().emptyTableText("No slot types.");
        table.column("NAME").maxSize(32);
        table.column("KIND");
        table.column("DISPLAY NAME").maxSize(32);
        table.column("POLICY MAXIMUM").alignRight();
        int n = 0;
        for (SlotDefinition d : slotRegistry.definitions().values()) {
            table.addRow().addContent(Format.cut(d.name(), 32), d.kind().name().toLowerCase(Locale.ROOT),
                    Format.cut(d.displayName(), 32),
                    d.policyMaximum() == null ? Format.NONE : Amount.of(d.policyMaximum()).format(d.kind()));
            n++;
        }
        table.print(out());
        out().println(Format.count(n, "slot type", "slot types"));
    }
}

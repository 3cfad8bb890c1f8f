package io.berth.shell.internal;

import io.berth.core.agent.Agent;
import io.berth.core.agent.DeviceInfo;
import io.berth.core.identity.Page;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotKind;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.function.Function;
import org.apache.karaf.shell.support.table.ShellTable;

/** The agent table and detail view (SPEC A1–A3). */
final class AgentViews {
    private static final String[] UNITS = {"k", "m", "g", "t", "p"};
    private static final BigDecimal K = BigDecimal.valueOf(1024);

    private AgentViews() {
    }

    /** One row per agent: CPU and memory as {@code occupied/available}, written by the slot kinds. */
    static void table(Page<Agent> page, Function<String, SlotKind> kinds, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No agents.");
        table.column("ID").maxSize(24);
        table.column("STATUS");
        table.column("GROUP").maxSize(16);
        table.column("SCHEDULABLE");
        table.column("CPU USED/AVAIL").alignRight();
        table.column("MEM USED/AVAIL").alignRight();
        table.column("CONTAINERS").alignRight();
        table.column("LAST HEARTBEAT");
        for (Agent a : page.items()) {
            table.addRow().addContent(Format.cut(a.id(), 24), a.status().wire(), Format.cut(a.resourceGroup(), 16),
                    Format.yesNo(a.schedulable()), usedOfAvailable(a, "cpu", kinds),
                    usedOfAvailable(a, "mem", kinds), a.containerCount(), Format.date(a.lastHeartbeat()));
        }
        table.print(out);
        out.println(Format.footer(page, "agents"));
    }

    /** {@code 4.5/32}, {@code 8g/125.6g}; {@code -} when the agent reports neither. */
    static String usedOfAvailable(Agent a, String slot, Function<String, SlotKind> kinds) {
        Amount used = get(a.occupiedSlots(), slot);
        Amount available = get(a.availableSlots(), slot);
        if (used == null && available == null) {
            return Format.NONE;
        }
        SlotKind kind = kinds.apply(slot);
        return brief(used == null ? Amount.ZERO : used, kind) + "/"
                + (available == null ? Format.NONE : brief(available, kind));
    }

    private static Amount get(ResourceSlots slots, String slot) {
        return slots == null ? null : slots.get(slot);
    }

    /**
     * An amount written by its kind; bytes that no unit divides exactly are rounded to one decimal of the
     * largest unit ({@code 125.6g}) so that a table stays readable.
     */
    static String brief(Amount a, SlotKind kind) {
        SlotKind k = kind == null ? SlotKind.COUNT : kind;
        String exact = a.format(k);
        if (k != SlotKind.BYTES || a.isInfinite() || a.value().compareTo(K) < 0
                || !Character.isDigit(exact.charAt(exact.length() - 1))) {
            return exact;
        }
        return bytes(a.value());
    }

    /** Bytes rounded to one decimal of the largest binary unit: {@code 18.6g}; below 1k the plain number. */
    static String bytes(BigDecimal value) {
        if (value.compareTo(K) < 0) {
            return value.toPlainString();
        }
        BigDecimal n = value;
        int unit = -1;
        while (unit < UNITS.length - 1 && n.compareTo(K) >= 0) {
            n = n.divide(K);
            unit++;
        }
        return n.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + UNITS[unit];
    }

    /** Every field of the agent, then its devices. */
    static void agent(Agent a, Function<String, SlotKind> kinds, PrintStream out) {
        new Format.Details()
                .add("Id", a.id())
                .add("Status", a.status().wire())
                .add("Status reason", a.statusReason())
                .add("Status changed", Format.date(a.statusChangedAt()))
                .add("Region", a.region())
                .add("Architecture", a.architecture())
                .add("Version", a.version())
                .add("Address", a.address())
                .add("Resource group", a.resourceGroup())
                .add("Schedulable", Format.yesNo(a.schedulable()))
                .add("Available slots", SlotText.format(a.availableSlots(), kinds, Format.NONE))
                .add("Occupied slots", SlotText.format(a.occupiedSlots(), kinds, Format.NONE))
                .add("CPU use", percent(a.cpuPercent()))
                .add("Memory used", a.memoryUsedBytes() < 0 ? Format.NONE
                        : bytes(BigDecimal.valueOf(a.memoryUsedBytes())))
                .add("Containers", Integer.toString(a.containerCount()))
                .add("First contact", Format.date(a.firstContact()))
                .add("Last heartbeat", Format.date(a.lastHeartbeat()))
                .print(out);
        out.println();
        out.println("Devices (" + a.devices().size() + "):");
        ShellTable table = new ShellTable().emptyTableText("(none)");
        table.column("PLUGIN").maxSize(12);
        table.column("ID").maxSize(16);
        table.column("MODEL").maxSize(28);
        table.column("MEMORY").alignRight();
        table.column("CAPACITY").maxSize(32);
        table.column("UTILISATION").alignRight();
        table.column("MEMORY USED").alignRight();
        for (DeviceInfo d : a.devices()) {
            table.addRow().addContent(Format.cut(d.plugin(), 12), Format.cut(d.id(), 16), Format.cut(d.model(), 28),
                    d.memoryBytes() <= 0 ? Format.NONE : bytes(BigDecimal.valueOf(d.memoryBytes())),
                    Format.cut(SlotText.format(d.capacity(), kinds, Format.NONE), 32),
                    percent(d.utilisationPercent()),
                    d.memoryUsedBytes() < 0 ? Format.NONE : bytes(BigDecimal.valueOf(d.memoryUsedBytes())));
        }
        table.print(out);
    }

    /** {@code 37.5%}; a negative figure (unknown) is {@code -}. */
    static String percent(double p) {
        return p < 0 || Double.isNaN(p) ? Format.NONE : String.format(Locale.ROOT, "%.1f%%", p);
    }
}

package io.berth.agent.internal;

import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The host's CPU and memory: capacity from {@code /proc/meminfo} and the processor count, live use
 * from {@code /proc/stat} deltas and {@code MemTotal − MemAvailable}. Where {@code /proc} is missing
 * or unreadable, the JVM's operating-system MXBean stands in.
 */
final class HostResources {

    private static final ObjectName OS_BEAN = osBean();

    private final Path proc;
    private final int cores;
    private ProcStats.CpuTimes lastCpu;

    /**
     * @param proc  the proc file system, normally {@code /proc}
     * @param cores the processor count, normally {@link Runtime#availableProcessors()}
     */
    HostResources(Path proc, int cores) {
        this.proc = proc;
        this.cores = cores;
    }

    static HostResources ofThisHost() {
        return new HostResources(Path.of("/proc"), Runtime.getRuntime().availableProcessors());
    }

    int cores() {
        return cores;
    }

    /** @return the host's memory in bytes */
    long memoryTotalBytes() {
        OptionalLong total = meminfo("MemTotal");
        if (total.isPresent()) {
            return total.getAsLong();
        }
        return mbeanLong("TotalMemorySize", "TotalPhysicalMemorySize");
    }

    /** @return the memory in use in bytes ({@code MemTotal − MemAvailable}) */
    long memoryUsedBytes() {
        String text = read("meminfo");
        if (text != null) {
            OptionalLong total = ProcStats.meminfoBytes(text, "MemTotal");
            OptionalLong available = ProcStats.meminfoBytes(text, "MemAvailable");
            if (total.isPresent() && available.isPresent()) {
                return Math.max(0, total.getAsLong() - available.getAsLong());
            }
        }
        long total = mbeanLong("TotalMemorySize", "TotalPhysicalMemorySize");
        long free = mbeanLong("FreeMemorySize", "FreePhysicalMemorySize");
        return Math.max(0, total - free);
    }

    /**
     * The host's CPU use since the previous call (since boot on the first), 0–100.
     *
     * @return the percentage
     */
    synchronized double cpuPercent() {
        String text = read("stat");
        if (text != null) {
            try {
                ProcStats.CpuTimes now = ProcStats.parseStat(text);
                double p = now.busyPercentSince(lastCpu);
                lastCpu = now;
                return p;
            } catch (IllegalArgumentException e) {
                // fall through to the MXBean
            }
        }
        Object load = mbeanAttribute("CpuLoad", "SystemCpuLoad");
        if (load instanceof Number n && n.doubleValue() >= 0) {
            return Math.min(100, 100 * n.doubleValue());
        }
        return 0;
    }

    /**
     * What the host offers to sessions: {@code cpu} = cores − reserved, {@code mem} = memory −
     * reserved (neither below zero), plus the accelerators' device capacities.
     *
     * @param reservedCpu    cores kept for the host
     * @param reservedMemory bytes kept for the host
     * @param accelerators   the summed capacities of all accelerator devices
     * @return the available slots
     */
    ResourceSlots available(BigDecimal reservedCpu, long reservedMemory, ResourceSlots accelerators) {
        return available(cores, memoryTotalBytes(), reservedCpu, reservedMemory, accelerators);
    }

    static ResourceSlots available(int cores, long memoryBytes, BigDecimal reservedCpu, long reservedMemory,
            ResourceSlots accelerators) {
        BigDecimal cpu = BigDecimal.valueOf(cores).subtract(reservedCpu).max(BigDecimal.ZERO);
        long mem = Math.max(0, memoryBytes - reservedMemory);
        return accelerators.plus(ResourceSlots.EMPTY.with("cpu", Amount.of(cpu)).with("mem", Amount.of(mem)));
    }

    private OptionalLong meminfo(String key) {
        String text = read("meminfo");
        return text == null ? OptionalLong.empty() : ProcStats.meminfoBytes(text, key);
    }

    private String read(String file) {
        try {
            return Files.readString(proc.resolve(file));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Reads the first present attribute of the platform's OperatingSystem MXBean as a long. */
    private static long mbeanLong(String... names) {
        Object v = mbeanAttribute(names);
        return v instanceof Number n ? Math.max(0, n.longValue()) : 0;
    }

    private static Object mbeanAttribute(String... names) {
        if (OS_BEAN == null) {
            return null;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (String name : names) {
            try {
                return server.getAttribute(OS_BEAN, name);
            } catch (Exception e) {
                // try the next (older) name
            }
        }
        return null;
    }

    private static ObjectName osBean() {
        try {
            return new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME);
        } catch (Exception e) {
            return null;
        }
    }
}

package io.berth.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container's CPU time from its cgroup files (v1 and v2, cgroupfs and systemd drivers). */
class CgroupCpuTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void readsCgroupV1CpuacctUsage(@TempDir Path root) throws Exception {
        write(root.resolve("cpuacct/docker/" + ID + "/cpuacct.usage"), "123456789\n");
        assertEquals(OptionalLong.of(123456789L), CgroupCpu.usageNanos(root, ID));
    }

    @Test
    void readsCgroupV1UnderSystemd(@TempDir Path root) throws Exception {
        write(root.resolve("cpu,cpuacct/system.slice/docker-" + ID + ".scope/cpuacct.usage"), "42\n");
        assertEquals(OptionalLong.of(42L), CgroupCpu.usageNanos(root, ID));
    }

    @Test
    void readsCgroupV2CpuStatInMicroseconds(@TempDir Path root) throws Exception {
        write(root.resolve("system.slice/docker-" + ID + ".scope/cpu.stat"),
                "usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n");
        assertEquals(OptionalLong.of(2_500_000L), CgroupCpu.usageNanos(root, ID));
        write(root.resolve("docker/" + ID + "/cpu.stat"), "usage_usec 7\n");
        assertEquals(OptionalLong.of(7000L), CgroupCpu.usageNanos(root, ID));
    }

    @Test
    void unknownWhenMissingMalformedOrNotAContainerId(@TempDir Path root) throws Exception {
        assertEquals(OptionalLong.empty(), CgroupCpu.usageNanos(root, ID));
        write(root.resolve("cpuacct/docker/" + ID + "/cpuacct.usage"), "lots\n");
        assertEquals(OptionalLong.empty(), CgroupCpu.usageNanos(root, ID));
        assertEquals(OptionalLong.empty(), CgroupCpu.usageNanos(root, "../../etc"));
    }
}

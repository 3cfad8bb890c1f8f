package io.berth.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatsTest {

    @Test
    void readsTheAggregateCpuLine() {
        ProcStats.CpuTimes t = ProcStats.parseStat(TestFiles.resource("proc/stat"));
        // user 4705 + nice 356 + system 584 + idle 3699 + iowait 23 + irq 23 + softirq 0 + steal 0
        assertEquals(9390, t.total());
        assertEquals(3699 + 23, t.idle());
        assertEquals(100.0 * (9390 - 3722) / 9390, t.busyPercentSince(null), 1e-9);
    }

    @Test
    void cpuPercentIsTheDeltaBetweenSamples() {
        ProcStats.CpuTimes a = ProcStats.parseStat(TestFiles.resource("proc/stat"));
        ProcStats.CpuTimes b = ProcStats.parseStat(TestFiles.resource("proc/stat.later"));
        // 600 ticks passed, 300 of them idle or waiting
        assertEquals(50.0, b.busyPercentSince(a), 1e-9);
        assertEquals(0.0, b.busyPercentSince(b), 1e-9);
    }

    @Test
    void guestTimeIsNotCountedTwice() {
        ProcStats.CpuTimes t = ProcStats.parseStat("cpu  100 0 0 100 0 0 0 0 50 50\n");
        assertEquals(200, t.total());
        assertEquals(50.0, t.busyPercentSince(null), 1e-9);
    }

    @Test
    void oldKernelsWithFourFieldsAreRead() {
        ProcStats.CpuTimes t = ProcStats.parseStat("cpu 10 0 10 80\n");
        assertEquals(100, t.total());
        assertEquals(80, t.idle());
    }

    @Test
    void rejectsAStatWithoutAggregateLine() {
        assertThrows(IllegalArgumentException.class, () -> ProcStats.parseStat("cpu0 1 2 3 4\nctxt 5\n"));
        assertThrows(IllegalArgumentException.class, () -> ProcStats.parseStat("cpu  1 2 x 4 5\n"));
        assertThrows(IllegalArgumentException.class, () -> ProcStats.parseStat("cpu 1 2\n"));
    }

    @Test
    void readsMeminfoInBytes() {
        String meminfo = TestFiles.resource("proc/meminfo");
        assertEquals(OptionalLong.of(16384000L * 1024), ProcStats.meminfoBytes(meminfo, "MemTotal"));
        assertEquals(OptionalLong.of(12288000L * 1024), ProcStats.meminfoBytes(meminfo, "MemAvailable"));
        assertEquals(OptionalLong.of(0), ProcStats.meminfoBytes(meminfo, "HugePages_Total")); // no unit
        assertEquals(OptionalLong.empty(), ProcStats.meminfoBytes(meminfo, "Mem"));
        assertEquals(OptionalLong.empty(), ProcStats.meminfoBytes(meminfo, "DirectMap4k"));
        assertEquals(OptionalLong.empty(), ProcStats.meminfoBytes("MemTotal: lots kB\n", "MemTotal"));
    }

    @Test
    void hostResourcesReadAProcDirectory(@TempDir Path proc) throws IOException {
        Files.writeString(proc.resolve("meminfo"), TestFiles.resource("proc/meminfo"));
        Files.writeString(proc.resolve("stat"), TestFiles.resource("proc/stat"));
        HostResources host = new HostResources(proc, 8);
        assertEquals(16384000L * 1024, host.memoryTotalBytes());
        assertEquals((16384000L - 12288000L) * 1024, host.memoryUsedBytes());
        assertEquals(100.0 * 5668 / 9390, host.cpuPercent(), 1e-9); // first call: since boot
        Files.writeString(proc.resolve("stat"), TestFiles.resource("proc/stat.later"));
        assertEquals(50.0, host.cpuPercent(), 1e-9);
        assertEquals(0.0, host.cpuPercent(), 1e-9); // no time passed
    }

    @Test
    void withoutProcTheMxBeanStandsIn(@TempDir Path empty) {
        HostResources host = new HostResources(empty, 4);
        assertTrue(host.memoryTotalBytes() > 0, "the JVM knows the host's memory");
        assertTrue(host.memoryUsedBytes() >= 0);
        double cpu = host.cpuPercent();
        assertTrue(cpu >= 0 && cpu <= 100, "cpu " + cpu);
    }

    @Test
    void thisHostsProcIsReadable() {
        HostResources host = HostResources.ofThisHost();
        assertTrue(host.memoryTotalBytes() > host.memoryUsedBytes());
        assertEquals(Runtime.getRuntime().availableProcessors(), host.cores());
    }
}

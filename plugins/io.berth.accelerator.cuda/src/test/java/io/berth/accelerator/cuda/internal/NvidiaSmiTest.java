package io.berth.accelerator.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NvidiaSmi} running fake {@code nvidia-smi} scripts written to a temporary directory. */
class NvidiaSmiTest {

    static final String UUID = "GPU-5f1c9e2a-1b2c-4d5e-8f90-0a1b2c3d4e5f";

    @TempDir
    Path dir;

    /** Writes an executable {@code /bin/sh} script and returns its path. */
    static Path script(Path dir, String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void runsTheQueryWithExactlyTheExpectedArgumentsAndNoShell() throws IOException {
        // a shell would expand the glob and split the quoted argument; the script checks its argv
        Path smi = script(dir, "nvidia-smi", """
                [ "$#" = 2 ] || { echo "argc $#"; exit 3; }
                [ "$1" = "--query-gpu=index,uuid,name,memory.total,memory.used,utilization.gpu" ] || exit 4
                [ "$2" = "--format=csv,noheader,nounits" ] || exit 5
                echo "some warning" >&2
                echo "9, GPU-from-stderr, Not A GPU, 1, 1, 1" >&2
                echo "0, %s, NVIDIA H100 80GB HBM3, 81559, 1024, 12"
                echo "1, GPU-aaaa, NVIDIA H100 80GB HBM3, 81559, [N/A], [N/A]"
                """.formatted(UUID));
        GpuSource.Result r = new NvidiaSmi(smi.toString(), Duration.ofSeconds(10)).query();
        assertNull(r.failure());
        assertEquals(List.of(new Gpu(0, UUID, "NVIDIA H100 80GB HBM3", 81559, 1024, 12),
                new Gpu(1, "GPU-aaaa", "NVIDIA H100 80GB HBM3", 81559, -1, -1)), r.gpus());
    }

    @Test
    void aFailingExitCodeGivesNoGpusAndSaysWhy() throws IOException {
        Path smi = script(dir, "nvidia-smi", """
                echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."
                echo "0, %s, NVIDIA H100, 1, 1, 1"
                exit 9
                """.formatted(UUID));
        GpuSource.Result r = new NvidiaSmi(smi.toString(), Duration.ofSeconds(10)).query();
        assertEquals(List.of(), r.gpus());
        assertTrue(r.failure().contains("exited with code 9"), r.failure());
        assertTrue(r.failure().contains("couldn't communicate"), r.failure());
    }

    @Test
    void aMissingProgramGivesNoGpus() {
        GpuSource.Result r = new NvidiaSmi(dir.resolve("absent").toString(), Duration.ofSeconds(10)).query();
        assertEquals(List.of(), r.gpus());
        assertTrue(r.failure().startsWith("cannot run "), r.failure());
    }

    @Test
    void aProgramThatHangsIsKilledAfterTheTimeout() throws IOException {
        Path smi = script(dir, "nvidia-smi", "echo \"0, " + UUID + ", NVIDIA H100, 1, 1, 1\"\nsleep 60\n");
        long start = System.nanoTime();
        GpuSource.Result r = new NvidiaSmi(smi.toString(), Duration.ofMillis(500)).query();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(List.of(), r.gpus());
        assertTrue(r.failure().contains("did not answer within 500 ms"), r.failure());
        assertTrue(tookMillis < 5_000, "took " + tookMillis + " ms");
    }

    @Test
    void emptyOutputIsNoGpusButNoFailure() throws IOException {
        Path smi = script(dir, "nvidia-smi", "exit 0");
        GpuSource.Result r = new NvidiaSmi(smi.toString(), Duration.ofSeconds(10)).query();
        assertEquals(List.of(), r.gpus());
        assertNull(r.failure());
    }

    @Test
    void hugeOutputIsCapped() throws IOException {
        // 3 MiB of lines; only the first MiB is read, and the GPUs in it are found
        Path smi = script(dir, "nvidia-smi", "i=0; while [ $i -lt 30000 ]; do echo \"$i, GPU-$i, Fake GPU, 1, 1, 1"
                + "                                                                        \"; i=$((i+1)); done");
        GpuSource.Result r = new NvidiaSmi(smi.toString(), Duration.ofSeconds(30)).query();
        assertNull(r.failure());
        assertTrue(r.gpus().size() > 1000 && r.gpus().size() < 30000, "gpus: " + r.gpus().size());
        assertEquals(new Gpu(0, "GPU-0", "Fake GPU", 1, 1, 1), r.gpus().get(0));
    }
}

package io.berth.accelerator.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link NvidiaSmiParser} against real-looking and broken {@code nvidia-smi} output. */
class NvidiaSmiParserTest {

    static final String H100 = "GPU-5f1c9e2a-1b2c-4d5e-8f90-0a1b2c3d4e5f";
    static final String A100 = "GPU-0e9d8c7b-6a5f-4e3d-2c1b-a09f8e7d6c5b";

    @Test
    void readsTheUsualTable() {
        String out = "0, " + H100 + ", NVIDIA H100 80GB HBM3, 81559, 1234, 37\n"
                + "1, " + A100 + ", NVIDIA A100-SXM4-40GB, 40960, 0, 0\n";
        assertEquals(List.of(new Gpu(0, H100, "NVIDIA H100 80GB HBM3", 81559, 1234, 37),
                new Gpu(1, A100, "NVIDIA A100-SXM4-40GB", 40960, 0, 0)), NvidiaSmiParser.parse(out));
    }

    @Test
    void toleratesOddSpacingCarriageReturnsAndBlankLines() {
        String out = "\r\n  0 ,   " + H100 + "\t,NVIDIA H100 80GB HBM3 ,81559,   1234 ,37   \r\n\n\n"
                + "1," + A100 + ",NVIDIA A100-SXM4-40GB,40960,0,0";
        assertEquals(List.of(new Gpu(0, H100, "NVIDIA H100 80GB HBM3", 81559, 1234, 37),
                new Gpu(1, A100, "NVIDIA A100-SXM4-40GB", 40960, 0, 0)), NvidiaSmiParser.parse(out));
    }

    @Test
    void unknownFiguresBecomeMinusOne() {
        String out = "0, " + H100 + ", NVIDIA H100 80GB HBM3, [N/A], [N/A], [Not Supported]\n"
                + "1, " + A100 + ", NVIDIA A100, 40960, [Unknown Error], 101\n";
        assertEquals(List.of(new Gpu(0, H100, "NVIDIA H100 80GB HBM3", -1, -1, -1),
                new Gpu(1, A100, "NVIDIA A100", 40960, -1, -1)), NvidiaSmiParser.parse(out));
    }

    @Test
    void unitsLeftOnTheFiguresAreTolerated() {
        String out = "0, " + H100 + ", NVIDIA H100, 81559 MiB, 12 MiB, 7.5 %\n";
        assertEquals(List.of(new Gpu(0, H100, "NVIDIA H100", 81559, 12, 7.5)), NvidiaSmiParser.parse(out));
    }

    @Test
    void aNameWithCommasIsPutBackTogether() {
        String out = "0, " + H100 + ", Tesla, the best, GPU, 16384, 1, 2\n";
        assertEquals(List.of(new Gpu(0, H100, "Tesla, the best, GPU", 16384, 1, 2)), NvidiaSmiParser.parse(out));
    }

    @Test
    void emptyOrErrorOutputGivesNoGpus() {
        assertEquals(List.of(), NvidiaSmiParser.parse(""));
        assertEquals(List.of(), NvidiaSmiParser.parse(null));
        assertEquals(List.of(), NvidiaSmiParser.parse("\n  \n"));
        assertEquals(List.of(), NvidiaSmiParser.parse("NVIDIA-SMI has failed because it couldn't communicate with the"
                + " NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n"));
        assertEquals(List.of(), NvidiaSmiParser.parse("No devices were found\n"));
    }

    @Test
    void badLinesAreSkippedAndTheRestKept() {
        String out = "index, uuid, name, memory.total [MiB], memory.used [MiB], utilization.gpu [%]\n" // a header
                + "x, " + H100 + ", NVIDIA H100, 1, 1, 1\n"          // bad index
                + "-1, " + H100 + ", NVIDIA H100, 1, 1, 1\n"         // negative index
                + "0, [N/A], NVIDIA H100, 1, 1, 1\n"                 // no uuid
                + "0, GPU with spaces, NVIDIA H100, 1, 1, 1\n"       // not an id
                + "0, " + H100 + ", NVIDIA H100, 1\n"                // too few fields
                + "2, " + A100 + ", NVIDIA A100, 40960, 5, 50\n"
                + "3, " + A100 + ", Duplicate, 1, 1, 1\n";            // repeated uuid
        assertEquals(List.of(new Gpu(2, A100, "NVIDIA A100", 40960, 5, 50)), NvidiaSmiParser.parse(out));
    }

    @Test
    void migStyleIdsAreAccepted() {
        String mig = "MIG-GPU-5f1c9e2a/1/0";
        assertEquals(List.of(new Gpu(0, mig, "NVIDIA A100 MIG 1g.5gb", 4864, 0, 0)),
                NvidiaSmiParser.parse("0, " + mig + ", NVIDIA A100 MIG 1g.5gb, 4864, 0, 0"));
    }
}

package io.berth.storage.xfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.storage.xfs.internal.XfsQuotaReport.Blocks;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsing xfs_quota's {@code report -p -b -n -N} rows. */
class XfsQuotaReportTest {

    @Test
    void findsTheRowOfTheIdAndConvertsKibToBytes() {
        String report = "#0                   0          0          0     00 [--------]\n"
                + "#1000              512          0    1048576     00 [--------]\n"
                + "#10000               7          0          8     00 [--------]\n";
        assertEquals(Optional.of(new Blocks(512L * 1024, 1048576L * 1024)), XfsQuotaReport.parse(report, 1000));
        assertEquals(Optional.of(new Blocks(7 * 1024, 8 * 1024)), XfsQuotaReport.parse(report, 10000));
        assertEquals(Optional.of(new Blocks(0, 0)), XfsQuotaReport.parse(report, 0));
    }

    @Test
    void aRowOverItsLimitWithAGraceTimeStillParses() {
        String report = "#1001           2097156    1048576    2097152  00  [6 days]\r\n";
        assertEquals(Optional.of(new Blocks(2097156L * 1024, 2097152L * 1024)), XfsQuotaReport.parse(report, 1001));
    }

    @Test
    void headersAndOtherIdsAreSkipped() {
        String report = "Project quota on /srv/xfs (/dev/sdb1)\n"
                + "                               Blocks                     \n"
                + "Project ID       Used       Soft       Hard    Warn/Grace     \n"
                + "---------- -------------------------------------------------- \n"
                + "#100               5          0          0     00 [--------]\n"
                + "\n";
        assertEquals(Optional.empty(), XfsQuotaReport.parse(report, 1000));
        assertEquals(Optional.empty(), XfsQuotaReport.parse(report, 10));
        assertEquals(Optional.empty(), XfsQuotaReport.parse("", 1000));
    }

    @Test
    void malformedRowsAreErrors() {
        IllegalArgumentException shortRow = assertThrows(IllegalArgumentException.class,
                () -> XfsQuotaReport.parse("#1000 5 0\n", 1000));
        assertTrue(shortRow.getMessage().contains("fewer than 4"), shortRow.getMessage());
        assertThrows(IllegalArgumentException.class, () -> XfsQuotaReport.parse("#1000 5M 0 1G 00 [---]\n", 1000));
        assertThrows(IllegalArgumentException.class,
                () -> XfsQuotaReport.parse("#1000 9223372036854775807 0 0 00 [---]\n", 1000));
    }
}

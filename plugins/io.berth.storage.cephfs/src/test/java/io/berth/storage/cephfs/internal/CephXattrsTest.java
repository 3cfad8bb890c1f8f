package io.berth.storage.cephfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.storage.CommandRunner;
import org.junit.jupiter.api.Test;

/** Parsing getfattr's answers. */
class CephXattrsTest {

    @Test
    void valuesAreDecimalNumbersWithOrWithoutALineBreak() {
        assertEquals(1073741824L, CephXattrs.parseValue("1073741824"));
        assertEquals(0, CephXattrs.parseValue("0\n"));
        assertEquals(Long.MAX_VALUE, CephXattrs.parseValue(Long.toString(Long.MAX_VALUE)));
    }

    @Test
    void otherValuesAreRefused() {
        for (String bad : new String[] {"", "\n", "-1", "1.5", "12 MB", "ceph.dir.rbytes=\"12\"", "99999999999999999999",
                "9223372036854775808"}) {
            assertThrows(IllegalArgumentException.class, () -> CephXattrs.parseValue(bad), bad);
        }
    }

    @Test
    void recognisesGetfattrsMissingAttributeAnswerOnly() {
        assertTrue(CephXattrs.noSuchAttribute(new CommandRunner.Result(1, "",
                "/mnt/cephfs/user/u1: ceph.quota.max_bytes: No such attribute\n")));
        assertFalse(CephXattrs.noSuchAttribute(new CommandRunner.Result(1, "",
                "/mnt/cephfs/user/u1: ceph.quota.max_bytes: Operation not supported\n")));
        assertFalse(CephXattrs.noSuchAttribute(new CommandRunner.Result(1, "",
                "getfattr: /mnt/cephfs/user/u1: No such file or directory\n")));
        assertFalse(CephXattrs.noSuchAttribute(new CommandRunner.Result(0, "5", "No such attribute")));
    }
}

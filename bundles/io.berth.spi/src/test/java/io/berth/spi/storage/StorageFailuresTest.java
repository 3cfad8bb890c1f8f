package io.berth.spi.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared wording of storage failures: commands that cannot run or do not succeed, and invalid limits. */
class StorageFailuresTest {
    private static final Volume VOLUME = Volume.of("fast", "xfs", "/srv/fast");
    private static final QuotaScope SCOPE = QuotaScope.user("u1");
    private static final List<String> ARGV = List.of("xfs_quota", "-x", "-c", "limit -p bhard=5 p1", "/srv/fast");

    @Test
    void aCommandThatCannotRunFailsTheActionNamingIt() {
        IOException cause = new IOException("xfs_quota: No such file or directory");
        CommandRunner broken = (argv, timeout) -> {
            throw cause;
        };
        StorageException e = assertThrows(StorageException.class,
                () -> broken.runFor(VOLUME, "set the quota", ARGV, Duration.ofSeconds(5)));
        assertEquals("cannot set the quota on volume fast: cannot run xfs_quota -x -c \"limit -p bhard=5 p1\" "
                + "/srv/fast: " + FolderTrees.describe(cause), e.getMessage());
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
        assertSame(cause, e.getCause());
    }

    @Test
    void aFinishedCommandIsAnsweredWhateverItsStatus() {
        CommandRunner.Result failed = new CommandRunner.Result(2, "", "bad");
        CommandRunner runner = (argv, timeout) -> failed;
        assertSame(failed, runner.runFor(VOLUME, "set the quota", ARGV, Duration.ofSeconds(5)));
    }

    @Test
    void aFailureQuotesWhatTheCommandSaidUpTo2000Characters() {
        CommandRunner.Result result = new CommandRunner.Result(1, "", "");
        assertEquals("cannot set the quota on volume fast: xfs_quota -x -c \"limit -p bhard=5 p1\" /srv/fast "
                + "exited with status 1", CommandRunner.failure(VOLUME, "set the quota", ARGV, result, " \n")
                .getMessage());
        assertTrue(CommandRunner.failure(VOLUME, "set the quota", ARGV, result, "  denied\n").getMessage()
                .endsWith("exited with status 1: denied"));
        String long3000 = "x".repeat(3000);
        String message = CommandRunner.failure(VOLUME, "set the quota", ARGV, result, long3000).getMessage();
        assertTrue(message.endsWith(": " + "x".repeat(2000) + "…"), message.substring(message.length() - 20));
    }

    @Test
    void limitsAreCheckedForTheCallThatTakesThem() {
        assertEquals(5, QuotaUsage.requirePositive(VOLUME, SCOPE, 5));
        assertThrows(IllegalArgumentException.class, () -> QuotaUsage.requirePositive(VOLUME, SCOPE, 0));
        assertThrows(IllegalArgumentException.class, () -> QuotaUsage.requirePositive(VOLUME, SCOPE, -1));
        assertEquals(QuotaUsage.NO_LIMIT, QuotaUsage.requireLimitOrNone(VOLUME, SCOPE, QuotaUsage.NO_LIMIT));
        assertEquals(7, QuotaUsage.requireLimitOrNone(VOLUME, SCOPE, 7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuotaUsage.requireLimitOrNone(VOLUME, SCOPE, -1));
        assertTrue(e.getMessage().contains("user:u1") && e.getMessage().contains("fast"), e.getMessage());
    }
}

package io.berth.storage.xfs.internal;

import java.util.Optional;

/**
 * Reads the block report of {@code xfs_quota -x -c "report -p -b -n -N -L <id> -U <id>"}.
 *
 * <p>With {@code -n} every row starts with the numeric id as {@code #<id>}; with {@code -b} the
 * next columns are the blocks used, the soft limit, the hard limit (all in 1 KiB units, as the
 * man page says: "It reports blocks in 1KB units by default"), the warning count and the grace
 * time; {@code -N} leaves out the header lines. A row looks like
 * {@code #1000              512          0    1048576     00 [--------]}. A project without any
 * quota record (no usage, no limit) has no row.
 */
final class XfsQuotaReport {

    private XfsQuotaReport() {
    }

    /**
     * The blocks of one project, in bytes.
     *
     * @param usedBytes      the blocks used times 1024
     * @param hardLimitBytes the hard block limit times 1024; 0 when none is set
     */
    record Blocks(long usedBytes, long hardLimitBytes) {
    }

    /**
     * Finds the row of the project.
     *
     * @param report    what xfs_quota printed
     * @param projectId the project id
     * @return its blocks, or empty when the report has no row for it
     * @throws IllegalArgumentException when the row is not in the expected form
     */
    static Optional<Blocks> parse(String report, long projectId) {
        String key = "#" + projectId;
        for (String line : report.split("\\R")) {
            String[] cols = line.strip().split("\\s+");
            if (!cols[0].equals(key)) {
                continue;
            }
            if (cols.length < 4) {
                throw new IllegalArgumentException("report row of project " + projectId + " has fewer than 4 "
                        + "columns: " + line.strip());
            }
            return Optional.of(new Blocks(kib(cols[1], line), kib(cols[3], line)));
        }
        return Optional.empty();
    }

    private static long kib(String col, String line) {
        if (col.isEmpty() || col.length() > 19 || !col.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("report row has " + col + " where a number of 1 KiB blocks belongs: "
                    + line.strip());
        }
        try {
            return Math.multiplyExact(Long.parseLong(col), 1024L);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("report row has a block count too large for bytes: " + line.strip(),
                    e);
        }
    }
}

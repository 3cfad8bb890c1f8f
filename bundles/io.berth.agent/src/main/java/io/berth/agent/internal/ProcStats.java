package io.berth.agent.internal;

import java.util.OptionalLong;

/** Parsers for the Linux {@code /proc} files the agent reads; pure functions of the file text. */
final class ProcStats {

    private ProcStats() {
    }

    /**
     * Cumulative CPU time of all cores, in clock ticks, from the aggregate {@code cpu} line of
     * {@code /proc/stat}.
     *
     * @param total all time (user, nice, system, idle, iowait, irq, softirq, steal; guest time is
     *              already part of user and nice)
     * @param idle  the idle part (idle + iowait)
     */
    record CpuTimes(long total, long idle) {

        /**
         * The share of non-idle time between {@code earlier} and this sample, 0–100.
         *
         * @param earlier the earlier sample, or {@code null} to take the average since boot
         * @return the percentage; 0 when no time passed
         */
        double busyPercentSince(CpuTimes earlier) {
            long dt = total - (earlier == null ? 0 : earlier.total);
            long di = idle - (earlier == null ? 0 : earlier.idle);
            if (dt <= 0) {
                return 0;
            }
            double p = 100.0 * (dt - di) / dt;
            return Math.max(0, Math.min(100, p));
        }
    }

    /**
     * Reads the aggregate line ({@code cpu  4705 356 584 3699 23 23 0 0 0 0}) of {@code /proc/stat}.
     *
     * @param procStat the file's text
     * @return the times
     * @throws IllegalArgumentException when the text has no aggregate cpu line with at least four
     *                                  numbers
     */
    static CpuTimes parseStat(String procStat) {
        for (String line : procStat.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 0 || !f[0].equals("cpu")) {
                continue;
            }
            if (f.length < 5) {
                throw new IllegalArgumentException("the cpu line of /proc/stat has too few fields: " + line);
            }
            long total = 0;
            long idle = 0;
            int fields = Math.min(f.length - 1, 8); // user nice system idle iowait irq softirq steal
            for (int i = 1; i <= fields; i++) {
                long v;
                try {
                    v = Long.parseLong(f[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a number in the cpu line of /proc/stat: " + line, e);
                }
                total += v;
                if (i == 4 || i == 5) {
                    idle += v;
                }
            }
            return new CpuTimes(total, idle);
        }
        throw new IllegalArgumentException("/proc/stat has no aggregate cpu line");
    }

    /**
     * One value of {@code /proc/meminfo} in bytes, e.g. {@code MemTotal:       24683032 kB}.
     *
     * @param meminfo the file's text
     * @param key     the field, e.g. {@code MemTotal}
     * @return the value in bytes (kB are 1024 bytes), or empty when the field is missing or
     *         unreadable
     */
    static OptionalLong meminfoBytes(String meminfo, String key) {
        for (String line : meminfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !line.substring(0, colon).trim().equals(key)) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            try {
                long v = Long.parseLong(f[0]);
                if (v < 0) {
                    return OptionalLong.empty();
                }
                if (f.length > 1 && f[1].equalsIgnoreCase("kB")) {
                    v = Math.multiplyExact(v, 1024L);
                }
                return OptionalLong.of(v);
            } catch (NumberFormatException | ArithmeticException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}

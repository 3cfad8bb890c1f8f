package io.berth.accelerator.cuda.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of {@code nvidia-smi --query-gpu=index,uuid,name,memory.total,memory.used,
 * utilization.gpu --format=csv,noheader,nounits}: one line per GPU such as
 * {@code 0, GPU-5f1c9e2a-…, NVIDIA H100 80GB HBM3, 81559, 0, 0}.
 *
 * <p>Defensive: lines that are blank, have fewer than six fields, a bad index or an unusable UUID
 * are skipped (so an error message printed instead of the table yields no GPUs); a repeated UUID
 * keeps its first line; a name containing commas is put back together; unreadable figures
 * ({@code [N/A]}, {@code [Not Supported]}, …) become -1; a unit left on a figure ({@code MiB},
 * {@code %}) is tolerated.
 */
final class NvidiaSmiParser {

    /** The arguments that produce the format this parser reads. */
    static final List<String> QUERY = List.of(
            "--query-gpu=index,uuid,name,memory.total,memory.used,utilization.gpu",
            "--format=csv,noheader,nounits");

    /** What {@link io.berth.spi.accelerator.Device} accepts as an id. */
    private static final Pattern UUID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
    private static final Pattern MIB = Pattern.compile("([0-9]{1,15})(?:\\s*MiB)?");
    private static final Pattern PERCENT = Pattern.compile("([0-9]{1,3}(?:\\.[0-9]+)?)(?:\\s*%)?");
    private static final Pattern INDEX = Pattern.compile("[0-9]{1,6}");

    private NvidiaSmiParser() {
    }

    static List<Gpu> parse(String output) {
        List<Gpu> gpus = new ArrayList<>();
        if (output == null) {
            return gpus;
        }
        Set<String> seen = new HashSet<>();
        for (String line : output.split("\\R")) {
            String[] f = line.split(",", -1);
            if (f.length < 6) {
                continue;
            }
            String index = f[0].strip();
            String uuid = f[1].strip();
            int n = f.length;
            String name = String.join(",", java.util.Arrays.copyOfRange(f, 2, n - 3)).strip();
            if (!INDEX.matcher(index).matches() || !UUID.matcher(uuid).matches() || !seen.add(uuid)) {
                continue;
            }
            gpus.add(new Gpu(Integer.parseInt(index), uuid, name, mib(f[n - 3]), mib(f[n - 2]),
                    percent(f[n - 1])));
        }
        return gpus;
    }

    private static long mib(String field) {
        Matcher m = MIB.matcher(field.strip());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static double percent(String field) {
        Matcher m = PERCENT.matcher(field.strip());
        if (!m.matches()) {
            return -1;
        }
        double v = Double.parseDouble(m.group(1));
        return v <= 100 ? v : -1;
    }
}

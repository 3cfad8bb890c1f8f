package io.berth.accelerator.cuda.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs {@code nvidia-smi} (directly, no shell) and reads its GPU table, within a time limit.
 * Standard error is discarded; at most {@value #MAX_OUTPUT} bytes of standard output are read.
 */
final class NvidiaSmi implements GpuSource {

    static final int MAX_OUTPUT = 1 << 20;

    private final String executable;
    private final Duration timeout;

    /**
     * @param executable the program: a path, or a bare name looked up on the {@code PATH}
     * @param timeout    how long a run may take before it is killed
     */
    NvidiaSmi(String executable, Duration timeout) {
        this.executable = Objects.requireNonNull(executable, "executable");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Result query() {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(NvidiaSmiParser.QUERY);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            return Result.failed("cannot run " + executable + ": " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // nothing to tell it
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> readCapped(process.getInputStream(), out), "berth-nvidia-smi");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                kill(process);
                return Result.failed(executable + " did not answer within " + timeout.toMillis() + " ms");
            }
            reader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return Result.failed("interrupted while waiting for " + executable);
        }
        String text;
        synchronized (out) {
            text = out.toString(StandardCharsets.UTF_8);
        }
        if (process.exitValue() != 0) {
            String first = text.strip().lines().findFirst().orElse("");
            return Result.failed(executable + " exited with code " + process.exitValue()
                    + (first.isEmpty() ? "" : ": " + abbreviate(first)));
        }
        return Result.ok(NvidiaSmiParser.parse(text));
    }

    private static void readCapped(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            int total = 0;
            while ((n = in.read(buf)) >= 0) {
                int keep = Math.min(n, MAX_OUTPUT - total);
                if (keep > 0) {
                    synchronized (out) {
                        out.write(buf, 0, keep);
                    }
                    total += keep;
                }
            }
        } catch (IOException ignored) {
            // the process went away; what was read is all there is
        }
    }

    /** Kills the process and whatever it started (a wrapper script's children keep the pipe open). */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    @Override
    public String toString() {
        return executable;
    }
}

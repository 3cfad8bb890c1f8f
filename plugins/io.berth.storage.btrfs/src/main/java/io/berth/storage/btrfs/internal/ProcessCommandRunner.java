package io.berth.storage.btrfs.internal;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs commands with {@link ProcessBuilder}: no shell, standard input closed, the C locale (so that
 * the output is the untranslated one the backend parses), both outputs read while the command runs
 * (each kept up to {@value #MAX_OUTPUT} bytes), and a time limit after which the command is killed.
 *
 * <p>Thread-safe: every call starts its own process and reader threads.
 */
final class ProcessCommandRunner implements CommandRunner {
    /** The most bytes kept of each output stream; the rest is read and dropped. */
    static final int MAX_OUTPUT = 1 << 20;

    private final Duration timeout;

    /**
     * A runner with a time limit per command.
     *
     * @param timeout how long a command may run; positive
     */
    ProcessCommandRunner(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("command timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
    }

    @Override
    public Result run(List<String> command) throws IOException, InterruptedException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("LANG", "C");
        Process process = builder.start();
        CompletableFuture<byte[]> out = drain(process.getInputStream(), command.get(0) + " stdout");
        CompletableFuture<byte[]> err = drain(process.getErrorStream(), command.get(0) + " stderr");
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        if (!finished) {
            kill(process);
            throw new IOException("command " + String.join(" ", command) + " did not finish within "
                    + timeout.toSeconds() + " s and was killed; it printed: " + text(err, 2000));
        }
        return new Result(process.exitValue(), text(out, Integer.MAX_VALUE), text(err, Integer.MAX_VALUE));
    }

    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    /** Reads a stream to its end on a thread of its own, keeping the first {@link #MAX_OUTPUT} bytes. */
    private static CompletableFuture<byte[]> drain(InputStream in, String name) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                ByteArrayOutputStream kept = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    int keep = Math.min(n, MAX_OUTPUT - kept.size());
                    if (keep > 0) {
                        kept.write(buffer, 0, keep);
                    }
                }
                result.complete(kept.toByteArray());
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
        return result;
    }

    /** The collected output, at most {@code max} characters; waits a little for the reader to finish. */
    private static String text(CompletableFuture<byte[]> output, int max) throws IOException, InterruptedException {
        byte[] bytes;
        try {
            bytes = output.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("cannot read the output of a command: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the output of a command was not closed in time (a child process keeps it open?)",
                    e);
        }
        String s = new String(bytes, StandardCharsets.UTF_8);
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }
}

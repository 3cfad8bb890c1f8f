package io.berth.spi.storage;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link CommandRunner#system()}: a {@link ProcessBuilder} with the argument array as given (no
 * shell), standard input from {@code /dev/null}, the C locale, both outputs read concurrently (each
 * kept up to {@value #MAX_OUTPUT} bytes, the rest read and dropped), and the process with its
 * descendants killed when it outlives the timeout or the waiting thread is interrupted.
 *
 * <p>Stateless: every call starts its own process and reader threads.
 */
final class SystemCommandRunner implements CommandRunner {
    static final SystemCommandRunner INSTANCE = new SystemCommandRunner();
    /** The most bytes kept of each output stream. */
    static final int MAX_OUTPUT = 1 << 20;
    /** How long the outputs may stay open after the command ended (a child process may hold them). */
    private static final long DRAIN_WAIT_MILLIS = 5_000;
    /** How long a killed process is waited for. */
    private static final long KILL_WAIT_SECONDS = 5;
    /** The most characters of standard error quoted in a message. */
    private static final int QUOTED = 2_000;

    private SystemCommandRunner() {
    }

    @Override
    public Result run(List<String> argv, Duration timeout) throws IOException {
        List<String> command = List.copyOf(argv);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("command timeout must be positive: " + timeout);
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("LANG", "C");
        builder.environment().remove("LANGUAGE");
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = builder.start();
        Drain out = new Drain(process.getInputStream(), command.get(0) + " stdout");
        Drain err = new Drain(process.getErrorStream(), command.get(0) + " stderr");
        out.start();
        err.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new IOException("timed out after " + show(timeout) + ": " + String.join(" ", command)
                        + " did not finish and was killed" + quote(err));
            }
            out.join(DRAIN_WAIT_MILLIS);
            err.join(DRAIN_WAIT_MILLIS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted while waiting for "
                    + String.join(" ", command));
            io.initCause(e);
            throw io;
        }
        if (out.isAlive() || err.isAlive()) {
            throw new IOException("the output of " + String.join(" ", command) + " was not closed within "
                    + DRAIN_WAIT_MILLIS / 1000 + " s after it ended (a child process keeps it open?)");
        }
        for (Drain drain : List.of(out, err)) {
            if (drain.failure != null) {
                throw new IOException("cannot read the output of " + String.join(" ", command) + ": "
                        + drain.failure, drain.failure);
            }
        }
        return new Result(process.exitValue(), out.text(), err.text());
    }

    private static String show(Duration timeout) {
        return timeout.toMillis() < 1000 ? timeout.toMillis() + " ms" : timeout.toSeconds() + " s";
    }

    private static String quote(Drain err) {
        String text = err.text().strip();
        if (text.isEmpty()) {
            return "";
        }
        return "; it printed: " + (text.length() <= QUOTED ? text : text.substring(0, QUOTED) + "…");
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads a stream to its end on a thread of its own, keeping the first {@link #MAX_OUTPUT} bytes. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private volatile IOException failure;

        Drain(InputStream in, String name) {
            super(name);
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    synchronized (kept) {
                        int keep = Math.min(n, MAX_OUTPUT - kept.size());
                        if (keep > 0) {
                            kept.write(buffer, 0, keep);
                        }
                    }
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}

package io.berth.storage.cephfs.internal;

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
 * The production {@link CommandRunner}: a {@link ProcessBuilder} with the argument array as given
 * (no shell), standard input from {@code /dev/null}, {@code LC_ALL=C} so that messages are not
 * translated, both outputs read concurrently (each kept up to {@value #MAX_OUTPUT} bytes, the rest
 * read and dropped), and the process with its descendants killed when it outlives the timeout.
 */
final class ProcessCommandRunner implements CommandRunner {
    static final int MAX_OUTPUT = 1 << 20;
    private static final long DRAIN_WAIT_MILLIS = 5_000;

    @Override
    public Result run(List<String> argv, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.copyOf(argv));
        builder.environment().put("LC_ALL", "C");
        builder.environment().remove("LANGUAGE");
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = builder.start();
        Drain out = new Drain(process.getInputStream(), argv.get(0) + " stdout");
        Drain err = new Drain(process.getErrorStream(), argv.get(0) + " stderr");
        out.start();
        err.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new IOException("timed out after " + timeout.toSeconds() + " s" + stderrSoFar(err));
            }
            out.join(DRAIN_WAIT_MILLIS);
            err.join(DRAIN_WAIT_MILLIS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted while waiting");
            io.initCause(e);
            throw io;
        }
        if (out.failure != null) {
            throw out.failure;
        }
        return new Result(process.exitValue(), out.text(), err.text());
    }

    private static String stderrSoFar(Drain err) {
        String text = err.text().strip();
        return text.isEmpty() ? "" : ": " + text;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Reads a stream to its end, keeping the first {@link #MAX_OUTPUT} bytes. */
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
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (kept) {
                        kept.write(buffer, 0, Math.max(0, Math.min(n, MAX_OUTPUT - kept.size())));
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

package io.berth.storage.btrfs.internal;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Runs an external command and collects what it printed; the one place where the btrfs backend
 * leaves the JVM, so that tests can record or replace the calls.
 */
interface CommandRunner {

    /**
     * Runs the command to its end.
     *
     * @param command the executable and its arguments, passed as they are (no shell); not empty
     * @return the exit code and the output
     * @throws IOException when the command cannot be started, runs past its time limit (it is then
     *                     killed) or its output cannot be read
     * @throws InterruptedException when the calling thread is interrupted while waiting (the
     *                     command is then killed)
     */
    Result run(List<String> command) throws IOException, InterruptedException;

    /**
     * What a command did.
     *
     * @param exitCode its exit status
     * @param stdout   its standard output, decoded as UTF-8; not {@code null}
     * @param stderr   its standard error, decoded as UTF-8; not {@code null}
     */
    record Result(int exitCode, String stdout, String stderr) {

        /**
         * Validates the components.
         *
         * @param exitCode its exit status
         * @param stdout   its standard output
         * @param stderr   its standard error
         */
        public Result {
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(stderr, "stderr");
        }

        /**
         * Whether the command succeeded.
         *
         * @return {@code exitCode() == 0}
         */
        public boolean ok() {
            return exitCode == 0;
        }
    }
}

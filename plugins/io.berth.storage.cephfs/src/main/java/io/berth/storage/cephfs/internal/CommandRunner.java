package io.berth.storage.cephfs.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs an external command and captures what it printed. The backend reaches the storage only
 * through this interface, so that tests can record the exact commands and answer them.
 */
interface CommandRunner {

    /**
     * Runs the command and waits for it.
     *
     * @param argv    the executable and its arguments, passed as they are (never through a shell)
     * @param timeout how long the command may run before it is killed
     * @return its exit status and output
     * @throws IOException when the command cannot be started, times out or is interrupted
     */
    Result run(List<String> argv, Duration timeout) throws IOException;

    /**
     * What a finished command left.
     *
     * @param exitCode its exit status
     * @param stdout   what it printed on standard output, never {@code null}
     * @param stderr   what it printed on standard error, never {@code null}
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
    }
}

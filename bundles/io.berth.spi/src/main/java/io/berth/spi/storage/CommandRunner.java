package io.berth.spi.storage;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs an external command and captures what it printed. Backends that drive the storage through
 * command-line tools reach it only through this interface, so that tests can record the exact
 * commands and answer them; {@link #system()} is the implementation that really runs them.
 *
 * <p>Implementations must be thread-safe.
 */
@ConsumerType
public interface CommandRunner {

    /**
     * Runs the command and waits for it.
     *
     * @param argv    the executable and its arguments, passed as they are (never through a shell);
     *                not empty
     * @param timeout how long the command may run before it is killed; positive
     * @return its exit status and output
     * @throws IOException when the command cannot be started, runs past its timeout (it is then
     *                     killed), its output cannot be read, or the waiting thread is interrupted
     *                     ({@link java.io.InterruptedIOException}, with the thread's interrupt
     *                     status set)
     */
    Result run(List<String> argv, Duration timeout) throws IOException;

    /**
     * Runs a command that carries out a storage action, as {@link #run} does, but reports a command that
     * cannot be started, outlives its timeout or is interrupted as the action's failure.
     *
     * @param volume  the volume the action is on; not {@code null}
     * @param what    the action, e.g. {@code "set the quota of user:7d0c"}, named in the message
     * @param argv    the executable and its arguments; not empty
     * @param timeout how long the command may run; positive
     * @return its exit status and output, whatever the status
     * @throws StorageException "cannot {@code what} on volume {@code name}: cannot run {@code command}:
     *                          {@code reason}" when {@link #run} throws
     */
    default Result runFor(Volume volume, String what, List<String> argv, Duration timeout) {
        try {
            return run(argv, timeout);
        } catch (IOException e) {
            throw new StorageException("cannot " + what + " on volume " + volume.name() + ": cannot run "
                    + show(argv) + ": " + FolderTrees.describe(e), e);
        }
    }

    /**
     * The failure of a storage action whose command finished but did not do it.
     *
     * @param volume the volume the action is on; not {@code null}
     * @param what   the action, named in the message
     * @param argv   the command that ran
     * @param result what it left; not {@code null}
     * @param said   what the command said about it (usually its standard error), quoted up to 2,000
     *               characters; blank for nothing
     * @return "cannot {@code what} on volume {@code name}: {@code command} exited with status {@code n}:
     *         {@code said}"
     */
    static StorageException failure(Volume volume, String what, List<String> argv, Result result, String said) {
        String text = said == null ? "" : said.strip();
        return new StorageException("cannot " + what + " on volume " + volume.name() + ": " + show(argv)
                + " exited with status " + result.exitCode()
                + (text.isEmpty() ? "" : ": " + (text.length() <= 2000 ? text : text.substring(0, 2000) + "…")));
    }

    /** The command as a shell user would read it: arguments with spaces in double quotes. */
    private static String show(List<String> argv) {
        StringBuilder b = new StringBuilder();
        for (String arg : argv) {
            b.append(b.length() == 0 ? "" : " ").append(arg.chars().anyMatch(Character::isWhitespace)
                    ? "\"" + arg + "\"" : arg);
        }
        return b.toString();
    }

    /**
     * The runner that starts real processes: no shell, standard input from {@code /dev/null},
     * {@code LC_ALL=C} (so that messages are the untranslated ones backends parse), both outputs
     * read concurrently while the command runs (each kept up to 1 MiB, the rest read and dropped),
     * and the process with its descendants killed when it outlives its timeout. Its
     * {@link IOException}s name the command and, on a timeout, quote what it printed on standard
     * error.
     *
     * @return the shared runner; stateless and thread-safe
     */
    static CommandRunner system() {
        return SystemCommandRunner.INSTANCE;
    }

    /**
     * What a finished command left.
     *
     * @param exitCode its exit status
     * @param stdout   what it printed on standard output, decoded as UTF-8; never {@code null}
     * @param stderr   what it printed on standard error, decoded as UTF-8; never {@code null}
     */
    record Result(int exitCode, String stdout, String stderr) {

        /**
         * Validates the components.
         *
         * @param exitCode its exit status
         * @param stdout   its standard output
         * @param stderr   its standard error
         * @throws NullPointerException when an output is {@code null}
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

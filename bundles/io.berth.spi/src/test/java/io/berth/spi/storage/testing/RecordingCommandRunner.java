package io.berth.spi.storage.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.spi.storage.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A {@link CommandRunner} for the tests of backends: every call must be the next expected argv,
 * exactly; it answers with the canned result (or throws the canned exception) and records the
 * call.
 */
public final class RecordingCommandRunner implements CommandRunner {
    private record Expectation(List<String> argv, Result result, IOException failure) {
    }

    private final Deque<Expectation> expected = new ArrayDeque<>();
    /** The commands that ran, in order. */
    public final List<List<String>> calls = new ArrayList<>();
    /** The timeouts they were given, in order. */
    public final List<Duration> timeouts = new ArrayList<>();

    /**
     * Expects the command next and answers it.
     *
     * @param argv     the exact command
     * @param exitCode its exit status
     * @param stdout   its standard output
     * @param stderr   its standard error
     * @return this runner
     */
    public RecordingCommandRunner expect(List<String> argv, int exitCode, String stdout, String stderr) {
        expected.add(new Expectation(List.copyOf(argv), new Result(exitCode, stdout, stderr), null));
        return this;
    }

    /**
     * Expects the command next and answers it with success and no output.
     *
     * @param argv the exact command
     * @return this runner
     */
    public RecordingCommandRunner expectOk(List<String> argv) {
        return expect(argv, 0, "", "");
    }

    /**
     * Expects the command next and fails it.
     *
     * @param argv    the exact command
     * @param failure what it throws
     * @return this runner
     */
    public RecordingCommandRunner expectFailure(List<String> argv, IOException failure) {
        expected.add(new Expectation(List.copyOf(argv), null, failure));
        return this;
    }

    @Override
    public synchronized Result run(List<String> argv, Duration timeout) throws IOException {
        calls.add(List.copyOf(argv));
        timeouts.add(timeout);
        Expectation next = expected.poll();
        assertNotNull(next, () -> "unexpected command " + argv);
        assertEquals(next.argv(), argv, "command #" + calls.size());
        if (next.failure() != null) {
            throw next.failure();
        }
        return next.result();
    }

    /** Every expected command ran. */
    public void assertDone() {
        assertTrue(expected.isEmpty(), () -> "commands that did not run: " + expected);
    }
}

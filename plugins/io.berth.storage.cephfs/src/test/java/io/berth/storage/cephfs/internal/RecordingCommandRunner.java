package io.berth.storage.cephfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A {@link CommandRunner} for tests: every call must be the next expected argv, exactly; it
 * answers with the canned result (or throws the canned exception) and records the call.
 */
final class RecordingCommandRunner implements CommandRunner {
    private record Expectation(List<String> argv, Result result, IOException failure) {
    }

    private final Deque<Expectation> expected = new ArrayDeque<>();
    final List<List<String>> calls = new ArrayList<>();
    final List<Duration> timeouts = new ArrayList<>();

    RecordingCommandRunner expect(List<String> argv, int exitCode, String stdout, String stderr) {
        expected.add(new Expectation(List.copyOf(argv), new Result(exitCode, stdout, stderr), null));
        return this;
    }

    RecordingCommandRunner expectOk(List<String> argv) {
        return expect(argv, 0, "", "");
    }

    RecordingCommandRunner expectFailure(List<String> argv, IOException failure) {
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
    void assertDone() {
        assertTrue(expected.isEmpty(), () -> "commands that did not run: " + expected);
    }
}

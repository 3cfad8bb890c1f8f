package io.berth.storage.cephfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The production runner with real, harmless programs. */
class ProcessCommandRunnerTest {
    final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void argumentsArePassedAsTheyAreWithoutAShell() throws IOException {
        CommandRunner.Result r = runner.run(List.of("printf", "%s|", "a b", "$(id)", "*", "'q'"),
                Duration.ofSeconds(10));
        assertEquals(new CommandRunner.Result(0, "a b|$(id)|*|'q'|", ""), r);
    }

    @Test
    void stderrAndTheExitStatusAreCaptured() throws IOException {
        CommandRunner.Result r = runner.run(List.of("ls", "/nonexistent-berth-path"), Duration.ofSeconds(10));
        assertTrue(r.exitCode() != 0);
        assertEquals("", r.stdout());
        assertTrue(r.stderr().contains("No such file or directory"), r.stderr());
    }

    @Test
    void aCommandThatRunsTooLongIsKilled() {
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> runner.run(List.of("sleep", "30"),
                Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "killed well before it ended");
    }

    @Test
    void aMissingExecutableIsAnIoException() {
        assertThrows(IOException.class, () -> runner.run(List.of("/nonexistent/berth-tool"), Duration.ofSeconds(5)));
    }
}

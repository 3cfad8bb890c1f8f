package io.berth.spi.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CommandRunner#system()} with real, harmless programs. */
class SystemCommandRunnerTest {
    final CommandRunner runner = CommandRunner.system();

    @Test
    void argumentsArePassedAsTheyAreWithoutAShell() throws IOException {
        CommandRunner.Result r = runner.run(List.of("printf", "%s|", "a b", "$(id)", "*", "'q'"),
                Duration.ofSeconds(10));
        assertEquals(new CommandRunner.Result(0, "a b|$(id)|*|'q'|", ""), r);
        assertTrue(r.ok());
    }

    @Test
    void stderrAndTheExitCodeAreCaptured() throws IOException {
        CommandRunner.Result r = runner.run(List.of("ls", "/nonexistent-berth-path"), Duration.ofSeconds(10));
        assertTrue(r.exitCode() != 0 && !r.ok());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().contains("No such file or directory"), r.stderr());
        assertEquals(3, runner.run(List.of("sh", "-c", "exit 3"), Duration.ofSeconds(10)).exitCode());
    }

    @Test
    void theLocaleIsCAndStandardInputIsEmpty() throws IOException {
        assertEquals("C\n", runner.run(List.of("sh", "-c", "echo $LC_ALL"), Duration.ofSeconds(10)).stdout());
        assertEquals(new CommandRunner.Result(0, "", ""), runner.run(List.of("cat"), Duration.ofSeconds(10)));
    }

    @Test
    void aCommandThatRunsTooLongIsKilledWithItsChildren() {
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> runner.run(
                List.of("sh", "-c", "echo warming up >&2; sleep 30 & sleep 30"), Duration.ofMillis(500)));
        assertTrue(e.getMessage().contains("timed out") && e.getMessage().contains("did not finish")
                && e.getMessage().contains("sleep 30"), e.getMessage());
        assertTrue(e.getMessage().contains("warming up"), "what it printed on stderr: " + e.getMessage());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "killed well before it ended");
    }

    @Test
    void theOutputIsCappedAtOneMebibyte() throws IOException {
        CommandRunner.Result r = runner.run(List.of("head", "-c", "3000000", "/dev/zero"), Duration.ofSeconds(20));
        assertEquals(0, r.exitCode());
        assertEquals(SystemCommandRunner.MAX_OUTPUT, r.stdout().length());
    }

    @Test
    void aMissingExecutableIsAnIoExceptionAndBadArgumentsAreRefused() {
        assertThrows(IOException.class, () -> runner.run(List.of("/nonexistent/berth-tool"), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> runner.run(List.of(), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> runner.run(List.of("true"), Duration.ZERO));
        assertThrows(NullPointerException.class, () -> new CommandRunner.Result(0, null, ""));
    }
}

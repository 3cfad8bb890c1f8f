package io.berth.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/** Runs commands through Karaf's shell session, as an operator at the prompt would. */
final class KarafShell {
    private KarafShell() {
    }

    /** What a command printed on standard output and on standard error. */
    record Out(String out, String err) {
    }

    static Out run(SessionFactory sessions, String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            Session s = sessions.create(new ByteArrayInputStream(new byte[0]), po, pe);
            try {
                s.execute(command);
            } catch (Exception e) {
                // a command that fails (e.g. a refused delete) throws after printing its explanation
                pe.println("Failed: " + e.getMessage());
            } finally {
                s.close();
            }
        }
        return new Out(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

package io.berth.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs a command against fake services, capturing what it prints. The slot registry is the fake one unless
 * the test set another on the command; {@code failure} is what {@link #failing} caught.
 */
record Run(Object result, String out, String err, Exception failure) {

    static Run of(BerthCommand command, FakeIdentityService identity) throws Exception {
        return run(command, identity, false);
    }

    /** Runs a command that is expected to fail (throw); the exception is returned with the output. */
    static Run failing(BerthCommand command, FakeIdentityService identity) throws Exception {
        Run run = run(command, identity, true);
        if (run.failure() == null) {
            throw new AssertionError("the command did not fail; out: " + run.out() + " err: " + run.err());
        }
        return run;
    }

    private static Run run(BerthCommand command, FakeIdentityService identity, boolean catchFailure)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        command.identity = identity;
        if (command.slotRegistry == null) {
            command.slotRegistry = identity.slots;
        }
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        Object result = null;
        Exception failure = null;
        try {
            result = command.execute();
        } catch (Exception e) {
            if (!catchFailure) {
                throw e;
            }
            failure = e;
        }
        return new Run(result, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), failure);
    }
}

package io.berth.shell.internal;

import io.berth.core.identity.KeyPair;
import io.berth.core.identity.UserDetail;
import io.berth.core.identity.UserStatus;
import java.io.PrintStream;
import java.util.List;

/** The notes printed when a user's status changes, about what happened to its keypairs (SPEC U8). */
final class UserStatusNotes {
    private UserStatusNotes() {
    }

    static void print(UserDetail before, UserDetail after, PrintStream out) {
        UserStatus was = before.user().status();
        UserStatus now = after.user().status();
        if (was == now) {
            out.println("Note: the user was already " + now.wire() + ".");
            return;
        }
        if (now != UserStatus.ACTIVE) {
            long deactivated = before.keyPairs().stream().filter(KeyPair::active).count();
            out.println("Note: " + deactivated + " keypair(s) of the user were deactivated.");
            return;
        }
        List<String> inactive = after.keyPairs().stream().filter(k -> !k.active()).map(KeyPair::accessKey).toList();
        if (!inactive.isEmpty()) {
            out.println("Note: the user's keypairs stay inactive; re-activate those needed with "
                    + "berth:keypair-activate: " + String.join(", ", inactive));
        }
    }
}

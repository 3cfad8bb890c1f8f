package io.berth.shell.internal;

import io.berth.core.auth.TwoFactorService;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * Base of the second-factor commands (SPEC T1, T2): holds the second-factor service. The shell acts as a
 * superadmin for another user, so it can show and disable a user's factors but never enrol or activate
 * them: only the user does that, over REST.
 */
abstract class TwoFactorCommand extends BerthCommand {
    /** What the commands say when no factor plugin is installed. */
    static final String NONE_INSTALLED = "no second factor is installed";

    @Reference
    TwoFactorService twoFactor;

    /** {@code totp (active), webauthn (inactive)}: every installed factor in the given order. */
    static String describe(Map<String, Boolean> factors) {
        return factors.entrySet().stream()
                .map(e -> e.getKey() + (Boolean.TRUE.equals(e.getValue()) ? " (active)" : " (inactive)"))
                .collect(Collectors.joining(", "));
    }
}

package io.berth.core.auth;

import io.berth.core.identity.Caller;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Second factors (SPEC T1, T2) over the installed {@link io.berth.spi.auth.SecondFactor} plugins. A factor
 * that is not installed is unknown here: its operations answer 404 and login does not ask for it.
 * Users enrol, activate and disable their own factors; an administrator who manages a user (a
 * superadmin, or the admin of the user's domain) may disable that user's factors but never enrol or
 * activate them.
 */
@ProviderType
public interface TwoFactorService {

    /** Names of the installed factors, sorted. */
    List<String> installedFactors();

    /** Installed factor → whether it is active for the user; empty when no factor is installed. */
    Map<String, Boolean> status(Caller caller, String email);

    /**
     * For list views of users the caller already may see: internal user id → names of the installed
     * factors active for that user (users without any are left out).
     */
    Map<String, Set<String>> activeFactors(Collection<String> userIds);

    /** Starts the caller's own enrolment; the answer (e.g. secret and URI) is shown only this once. */
    Map<String, String> enrol(Caller caller, String factor);

    /** Confirms the caller's own pending enrolment with a code; a wrong code is a 400 on {@code code}. */
    void activate(Caller caller, String factor, String code);

    /** Disables a factor of the user (the caller's own, or one the caller manages). */
    void disable(Caller caller, String email, String factor);
}

package io.berth.spi.auth;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A second authentication factor (e.g. TOTP). Register as an OSGi service with the property
 * {@value #PROPERTY}{@code =<name>}; core consults every installed factor at password login, and offers
 * enrolment, activation and disabling under that name. A factor keeps its per-user state itself
 * (through {@link io.berth.spi.data.PluginStore}), so a user's enrolment survives the plugin being
 * uninstalled and installed again. While a factor is not installed, login does not ask for it.
 *
 * <p>Implementations must be thread-safe and must never log or return a secret except from
 * {@link #enrol}.
 */
@ConsumerType
public interface SecondFactor {
    /** The service property naming the factor; the name is a lower-case slug such as {@code totp}. */
    String PROPERTY = "berth.auth.factor";

    /** The user a factor acts for. */
    record Subject(String userId, String email, String domain) {
    }

    /** Whether the factor is active for the user: login then needs a valid code. */
    boolean isActive(String userId);

    /**
     * Starts (or restarts) enrolment and returns what the user needs to set up the factor, e.g.
     * {@code secret} and {@code uri} ({@code otpauth://…}). The factor is not active until
     * {@link #activate} confirms it; an active factor is not changed by a new enrolment.
     *
     * @throws IllegalStateException when the factor is already active for the user
     */
    Map<String, String> enrol(Subject subject);

    /**
     * Confirms a pending enrolment with a code produced from it; returns false when the code is wrong
     * or there is no pending enrolment.
     */
    boolean activate(String userId, String code);

    /**
     * Checks a login code of a user for whom the factor is active; false when wrong or already used.
     * A code is accepted at most once per user.
     */
    boolean verify(String userId, String code);

    /** Removes the user's enrolment, active or pending; does nothing when there is none. */
    void disable(String userId);
}

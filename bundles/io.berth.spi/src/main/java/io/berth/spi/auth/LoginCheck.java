package io.berth.spi.auth;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A check that runs at password login after the password matched, e.g. a second factor. Register as
 * an OSGi service with the property {@code berth.auth.factor=<name>}. Core calls every registered
 * check; the first refusal ends the login.
 */
@ConsumerType
public interface LoginCheck {

    /** The user being logged in, as far as a check needs to know it. */
    record LoginSubject(String userId, String email, String domain) {
    }

    /** The outcome: allowed, or refused with a message shown to the client. */
    record Outcome(boolean allowed, String message) {
        public static final Outcome ALLOW = new Outcome(true, null);

        public static Outcome refuse(String message) {
            return new Outcome(false, message);
        }
    }

    /**
     * @param subject the user whose password matched
     * @param extra   the other fields of the login request body (e.g. {@code otp})
     */
    Outcome check(LoginSubject subject, Map<String, Object> extra);
}

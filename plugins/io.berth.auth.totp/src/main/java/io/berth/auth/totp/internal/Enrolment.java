package io.berth.auth.totp.internal;

import java.util.Optional;

/**
 * One user's TOTP enrolment as stored in the {@link io.berth.spi.data.PluginStore} (namespace
 * {@value TotpFactor#NAMESPACE}, key = user id). The stored value, format version 1, is
 *
 * <pre>
 * v1;&lt;state&gt;;&lt;lastStep&gt;;&lt;sealed&gt;
 * </pre>
 *
 * <ul>
 * <li>{@code state}: {@code pending} (enrolled, waiting for the confirming code) or {@code active};</li>
 * <li>{@code lastStep}: the last accepted RFC 6238 time step (decimal, {@code -1} while none), so a code
 * is accepted at most once: only a later step passes;</li>
 * <li>{@code sealed}: Base64 of {@code iv(12) || AES-256-GCM(secret, aad = user id)}, see
 * {@link SecretCipher}; the 20-byte TOTP secret never appears in clear.</li>
 * </ul>
 * State and last step are in clear so that {@code isActive} needs no key: an enrolment that can no longer
 * be decrypted stays active (login fails closed) instead of silently dropping the second factor.
 */
record Enrolment(State state, long lastStep, String sealed) {
    static final String VERSION = "v1";
    static final long NO_STEP = -1;

    enum State {
        PENDING("pending"), ACTIVE("active");

        final String text;

        State(String text) {
            this.text = text;
        }

        static Optional<State> of(String text) {
            for (State s : values()) {
                if (s.text.equals(text)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    String format() {
        return VERSION + ';' + state.text + ';' + lastStep + ';' + sealed;
    }

    /** The enrolment a stored value describes; empty when the value is not in a format this version reads. */
    static Optional<Enrolment> parse(String value) {
        String[] parts = value.split(";", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0]) || parts[3].isEmpty()) {
            return Optional.empty();
        }
        Optional<State> state = State.of(parts[1]);
        long step;
        try {
            step = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return state.map(s -> new Enrolment(s, step, parts[3]));
    }
}

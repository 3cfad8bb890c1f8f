package io.berth.core.resource;

import io.berth.core.error.ValidationException;
import java.util.Locale;

/** The three kinds of resource policy (SPEC P1–P3). */
public enum PolicyKind {
    KEYPAIR, USER, PROJECT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PolicyKind fromWire(String s, String field) {
        for (PolicyKind k : values()) {
            if (k.wire().equals(s)) {
                return k;
            }
        }
        throw new ValidationException("'" + s + "' is not a policy kind; use keypair, user or project", field);
    }
}

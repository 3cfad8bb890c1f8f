package io.berth.core.identity;

import java.util.Locale;

/** SPEC U6. Only {@link #ACTIVE} users may log in or sign requests. */
public enum UserStatus {
    ACTIVE, INACTIVE, BEFORE_VERIFICATION;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static UserStatus parse(String value) {
        return Role.Wire.parse(UserStatus.class, values(), value, "status");
    }
}

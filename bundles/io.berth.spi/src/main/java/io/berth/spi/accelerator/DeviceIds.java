package io.berth.spi.accelerator;

import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** Checks shared by the records of this package. */
final class DeviceIds {

    /**
     * Device ids: a letter or digit, then letters, digits and {@code . _ : / -}; at most 128
     * characters. No commas, spaces or {@code =}, so ids can be listed in environment variables.
     */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    /** Plugin keys: lower-case slugs such as {@code cuda} or {@code cuda-mock}. */
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    private DeviceIds() {
    }

    static String checkId(String id) {
        Objects.requireNonNull(id, "device id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not a valid device id: use up to 128"
                    + " letters, digits and . _ : / - (starting with a letter or digit)");
        }
        return id;
    }

    static String checkKey(String key) {
        Objects.requireNonNull(key, "plugin key");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("'" + key + "' is not a valid plugin key: use a"
                    + " lower-case slug such as cuda or cuda-mock");
        }
        return key;
    }

    /** Requires every amount of {@code slots} to be finite and not negative. */
    static ResourceSlots checkAmounts(ResourceSlots slots, String what) {
        Objects.requireNonNull(slots, what);
        for (Map.Entry<String, Amount> e : slots.asMap().entrySet()) {
            if (e.getValue().isInfinite() || e.getValue().signum() < 0) {
                throw new IllegalArgumentException(what + ": slot '" + e.getKey()
                        + "' must hold a finite, non-negative amount, not " + e.getValue().toWire());
            }
        }
        return slots;
    }
}

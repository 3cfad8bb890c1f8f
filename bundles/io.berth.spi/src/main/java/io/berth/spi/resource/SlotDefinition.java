package io.berth.spi.resource;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The declaration of one resource slot type, as contributed by core's built-ins or by a
 * {@link SlotProvider}.
 *
 * <p>Slot names are lower-case, dot-separated words, each starting with a letter and otherwise
 * made of letters, digits, {@code _} and {@code -} (regular expression
 * {@code ^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$}), at most 64 characters, e.g. {@code cpu},
 * {@code mem}, {@code cuda.shares}, {@code cuda.device}. By convention a plugin prefixes its slots
 * with its key.
 *
 * @param name          the slot name, e.g. {@code cuda.shares}
 * @param kind          how amounts of this slot are written and which values are valid
 * @param displayName   a human-readable name, e.g. {@code "CUDA GPU shares"}; not {@code null}
 *                      (pass {@code name} when there is nothing better)
 * @param policyMaximum the largest amount a resource policy may grant per session, or
 *                      {@code null} for no maximum; never negative. Stored with trailing zeros
 *                      stripped (as {@link Amount#of(BigDecimal)} does), so definitions that differ
 *                      only in the scale of the maximum are equal.
 */
public record SlotDefinition(String name, SlotKind kind, String displayName,
        BigDecimal policyMaximum) {

    /**
     * Validates and normalizes the components.
     *
     * @param name          the slot name
     * @param kind          the slot kind
     * @param displayName   the human-readable name
     * @param policyMaximum the per-session maximum, or {@code null}
     * @throws NullPointerException     when {@code name}, {@code kind} or {@code displayName} is
     *                                  {@code null}
     * @throws IllegalArgumentException when {@code name} is not a valid slot name or
     *                                  {@code policyMaximum} is negative
     */
    public SlotDefinition {
        SlotNames.check(name);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(displayName, "displayName");
        if (policyMaximum != null) {
            if (policyMaximum.signum() < 0) {
                throw new IllegalArgumentException("policy maximum of slot '" + name
                        + "' must not be negative: " + policyMaximum.toPlainString());
            }
            policyMaximum = Amount.of(policyMaximum).value();
        }
    }
}

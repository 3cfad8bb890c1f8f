package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.resource.SlotRegistry;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotKind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Resource slots as the shell reads and writes them. Input is {@code cpu=4,mem=8g,cuda.shares=inf}: the
 * shell only splits it into name → text and core parses the amounts, so amount errors come from core and
 * name their slot. Output is {@link ResourceSlots#format(Function)} ({@code cpu=4 mem=8g cuda.shares=inf}).
 */
final class SlotText {
    /** What {@code --slots} accepts besides pairs to mean "no slots" (an empty map). */
    static final String NONE = "none";

    private SlotText() {
    }

    /**
     * Splits {@code name=amount[,name=amount…]} into an ordered map. {@code null} stays {@code null}
     * ("leave as is"); {@code ""} and {@code none} give an empty map (on update: remove every limit).
     *
     * @param option the option, for messages ({@code slots})
     * @param field the input field, for {@link ValidationException#field()}
     * @throws ValidationException when a part has no {@code =}, no name or no amount, or a slot is given twice
     */
    static Map<String, String> parse(String text, String option, String field) {
        if (text == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.toLowerCase(Locale.ROOT).equals(NONE)) {
            return out;
        }
        for (String part : trimmed.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new ValidationException("--" + option + ": '" + p + "' is not name=amount; write slots as "
                        + "cpu=4,mem=8g,cuda.shares=inf (or '" + NONE + "' for no slots)", field);
            }
            String name = p.substring(0, eq).trim();
            String amount = p.substring(eq + 1).trim();
            if (name.isEmpty()) {
                throw new ValidationException("--" + option + ": '" + p + "' has no slot name", field);
            }
            if (amount.isEmpty()) {
                throw new ValidationException("--" + option + ": slot '" + name + "' has no amount", field);
            }
            if (out.putIfAbsent(name, amount) != null) {
                throw new ValidationException("--" + option + ": slot '" + name + "' is given twice", field);
            }
        }
        return out;
    }

    /** The kind of each slot as the registry knows it; without a registry every slot is unknown. */
    static Function<String, SlotKind> kinds(SlotRegistry registry) {
        return registry == null ? slot -> null : registry::kind;
    }

    /** {@code cpu=4 mem=8g}, or {@code empty} when there are no slots. */
    static String format(ResourceSlots slots, Function<String, SlotKind> kinds, String empty) {
        return slots == null || slots.isEmpty() ? empty : slots.format(kinds);
    }

    /** A whole-number or decimal amount ({@code 10}, {@code inf}); {@code null} prints as {@link Format#NONE}. */
    static String count(Amount a) {
        return a == null ? Format.NONE : a.format(SlotKind.COUNT);
    }

    /** A number of bytes with its largest exact unit ({@code 100g}, {@code inf}). */
    static String bytes(Amount a) {
        return a == null ? Format.NONE : a.format(SlotKind.BYTES);
    }

    /** A number of bytes given as a plain long ({@code 64m}); {@code null} gives {@code absent}. */
    static String bytes(Long bytes, String absent) {
        return bytes == null ? absent : Amount.of(bytes).format(SlotKind.BYTES);
    }
}

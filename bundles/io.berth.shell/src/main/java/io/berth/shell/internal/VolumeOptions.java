package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Option;

/** The options of {@code volume-create} and {@code volume-update} (SPEC S1). */
abstract class VolumeOptions extends StorageCommand {

    @Option(name = "--backend", description = "The storage backend, e.g. xfs, btrfs or netapp")
    String backend;

    @Option(name = "--mount-path", description = "Where the volume is mounted on the manager and the agents")
    String mountPath;

    @Option(name = "--option", multiValued = true, description = "A backend option NAME=VALUE (repeatable)")
    List<String> options;

    @Option(name = "--secret-option", multiValued = true,
            description = "A secret backend option NAME=VALUE, stored sealed and never shown (repeatable)")
    List<String> secretOptions;

    /** Names that are always sealed, whether or not they are given as secret. */
    static boolean secretName(String option) {
        String n = option.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("secret") || n.contains("token");
    }

    /** {@code NAME=VALUE} pairs in order into {@code into}; a name given twice is refused. */
    static void pairs(List<String> raw, String option, Map<String, String> into, List<String> names) {
        if (raw == null) {
            return;
        }
        for (String p : raw) {
            int eq = p.indexOf('=');
            if (eq <= 0 || p.substring(0, eq).isBlank()) {
                throw new ValidationException("--" + option + ": '" + (secretName(p) ? "…" : p)
                        + "' is not NAME=VALUE", "options");
            }
            String key = p.substring(0, eq).trim();
            if (into.containsKey(key)) {
                throw new ValidationException("--" + option + ": " + key + " is given twice", "options");
            }
            into.put(key, p.substring(eq + 1));
            names.add(key);
        }
    }

    /** The given options (secret ones included) and the names of the secret ones; null options when none. */
    record Given(Map<String, String> options, List<String> secret) {
    }

    Given given() {
        if (options == null && secretOptions == null) {
            return new Given(null, null);
        }
        Map<String, String> all = new LinkedHashMap<>();
        pairs(options, "option", all, new ArrayList<>());
        List<String> secret = new ArrayList<>();
        pairs(secretOptions, "secret-option", all, secret);
        return new Given(all, secret);
    }
}

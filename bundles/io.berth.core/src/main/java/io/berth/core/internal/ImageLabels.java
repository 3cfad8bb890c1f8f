package io.berth.core.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.image.ImageApp;
import io.berth.core.resource.SlotRegistry;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The {@code ai.backend.*} labels of an image (SPEC I4): {@code ai.backend.kernelspec} marks an image for
 * Berth; {@code ai.backend.resource.min.<slot>} / {@code .max.<slot>} give resources;
 * {@code ai.backend.service-ports} the apps ({@code name:protocol:port[,…]}, a port list written
 * {@code [8080,8081]}); {@code ai.backend.base-distro} the base distribution. Labels that cannot be read are
 * skipped with a note.
 */
final class ImageLabels {
    static final String KERNELSPEC = "ai.backend.kernelspec";
    static final String MIN = "ai.backend.resource.min.";
    static final String MAX = "ai.backend.resource.max.";
    static final String SERVICE_PORTS = "ai.backend.service-ports";
    static final String BASE_DISTRO = "ai.backend.base-distro";
    /** Set on an image an admin changed: a rescan then keeps its minimums and apps. */
    static final String CUSTOMISED = "berth.customised";
    static final Set<String> PROTOCOLS = Set.of("http", "https", "tcp", "pty", "preopen");
    static final Pattern APP_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    private ImageLabels() {
    }

    static boolean forBerth(Map<String, String> labels) {
        return labels.containsKey(KERNELSPEC);
    }

    /** Slots from labels with the prefix; unknown slots and unreadable amounts are noted and skipped. */
    static ResourceSlots slots(Map<String, String> labels, String prefix, SlotRegistry registry,
            Consumer<String> note) {
        ResourceSlots out = ResourceSlots.EMPTY;
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String slot = e.getKey().substring(prefix.length());
            if (registry.kind(slot) == null) {
                note.accept("label " + e.getKey() + ": unknown slot '" + Rules.printable(slot) + "', skipped");
                continue;
            }
            try {
                Amount a = registry.parse(Map.of(slot, e.getValue().strip()), "label").get(slot);
                if (a == null || a.isInfinite()) {
                    if (a != null) {
                        note.accept("label " + e.getKey() + ": not a finite amount, skipped");
                    }
                    continue;
                }
                out = out.with(slot, a);
            } catch (ValidationException | IllegalArgumentException ex) {
                note.accept("label " + e.getKey() + ": " + ex.getMessage() + ", skipped");
            }
        }
        return out;
    }

    /** Apps of {@code ai.backend.service-ports}; entries that cannot be read are noted and skipped. */
    static List<ImageApp> apps(String value, Consumer<String> note) {
        List<ImageApp> apps = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return apps;
        }
        for (String entry : splitOutsideBrackets(value)) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                ImageApp app = app(entry.strip());
                apps.removeIf(a -> a.name().equals(app.name()));
                apps.add(app);
            } catch (IllegalArgumentException e) {
                note.accept("service port '" + Rules.printable(entry.strip()) + "': " + e.getMessage() + ", skipped");
            }
        }
        return apps;
    }

    private static ImageApp app(String entry) {
        String[] parts = entry.split(":", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected name:protocol:port");
        }
        String name = parts[0].strip();
        if (!APP_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid app name");
        }
        String protocol = parts[1].strip().toLowerCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("protocol must be one of " + String.join(", ", new java.util.TreeSet<>(PROTOCOLS)));
        }
        String ports = parts[2].strip();
        List<Integer> list = new ArrayList<>();
        if (ports.startsWith("[") && ports.endsWith("]")) {
            for (String p : ports.substring(1, ports.length() - 1).split(",")) {
                list.add(port(p.strip()));
            }
        } else {
            list.add(port(ports));
        }
        return new ImageApp(name, protocol, list);
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("ports must be whole numbers from 1 to 65535");
    }

    private static List<String> splitOutsideBrackets(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            }
            if (c == ',' && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** Docker's architecture names as agents report them. */
    static String architecture(String arch) {
        if (arch == null || arch.isBlank()) {
            return "x86_64";
        }
        return switch (arch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "arm64", "aarch64" -> "aarch64";
            default -> arch.toLowerCase(Locale.ROOT);
        };
    }
}

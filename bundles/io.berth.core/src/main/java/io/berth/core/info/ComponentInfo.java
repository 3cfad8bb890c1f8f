package io.berth.core.info;

import java.util.List;

/**
 * One installed Berth bundle or plugin. {@code state} is the OSGi state in lower case (installed,
 * resolved, starting, active, stopping). {@code spiImports} are its imports of Berth SPI packages with
 * their version ranges; {@code compatible} is false when one of them is not satisfied by an installed
 * SPI export, and {@code problems} says which.
 */
public record ComponentInfo(long bundleId, String symbolicName, String name, String version, String state,
        boolean plugin, List<SpiImport> spiImports, boolean compatible, List<String> problems) {

    public ComponentInfo {
        spiImports = List.copyOf(spiImports);
        problems = List.copyOf(problems);
    }

    /** {@code wiredTo} is the version of the SPI package the bundle is wired to, or null when not wired. */
    public record SpiImport(String packageName, String range, String wiredTo, boolean satisfied) {
    }
}

package io.berth.core.info;

import java.util.List;

/** SPEC Y3: manager and API version and every installed Berth component. */
public record SystemInformation(String managerVersion, String apiVersion, String javaVersion, String karafVersion,
        List<ComponentInfo> components) {

    /** The Backend.AI-style API version Berth speaks (signature scheme of SPEC K5). */
    public static final String API_VERSION = "v8.20240915";

    public SystemInformation {
        components = List.copyOf(components);
    }
}

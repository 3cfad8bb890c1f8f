package io.berth.core.settings;

import java.util.Map;

/**
 * A change of system settings; null components are left as they are. In {@code retriesToSkip} a null
 * value removes that scheduler's own default.
 */
public record SettingsUpdate(String imageAutoInstall, Integer overlayNetworkMtu, Integer defaultRetriesToSkip,
        Map<String, Integer> retriesToSkip) {
}

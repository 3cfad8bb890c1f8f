package io.berth.core.image;

import java.util.List;
import java.util.Map;

/**
 * Changes to an image (SPEC I1): {@code minResources} replaces the minimums (raw slot amounts; {@code null}
 * keeps them); {@code addApps} adds or replaces apps by name; {@code removeApps} removes apps by name.
 */
public record ImageUpdate(Map<String, ?> minResources, List<ImageApp> addApps, List<String> removeApps) {
}

package io.berth.core.image;

import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * SPEC I1: an image found by a rescan. {@code reference} ({@code registry/namespace/name:tag}) is the key;
 * {@code namespace} may be empty. {@code minResources} come from the {@code ai.backend.resource.min.*}
 * labels (and may be changed by admins); {@code apps} from {@code ai.backend.service-ports};
 * {@code labels} are the image config's labels. {@code installedOn} lists the agents that reported the
 * image locally.
 */
public record Image(String reference, String registry, String namespace, String name, String tag,
        String architecture, String digest, long sizeBytes, String baseDistro, ResourceSlots minResources,
        ResourceSlots maxResources, Map<String, String> labels, List<ImageApp> apps, List<String> installedOn,
        Instant scannedAt, Instant modifiedAt) {

    public Image {
        labels = Map.copyOf(labels);
        apps = List.copyOf(apps);
        installedOn = List.copyOf(installedOn);
    }

    public static String reference(String registry, String namespace, String name, String tag) {
        return registry + "/" + (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name + ":" + tag;
    }
}

package io.berth.core.internal;

import io.berth.core.image.ContainerRegistry;
import io.berth.core.image.Image;
import io.berth.core.image.RescanTask.RegistryOutcome;
import io.berth.core.repo.ImageRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.resource.SlotRegistry;
import io.berth.spi.resource.ResourceSlots;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rescan of one registry (SPEC I4): catalog, tags, manifests (for a list or index the linux/amd64 entry,
 * else the first linux one, else the first), config blobs; imports the images labelled for Berth. When
 * every repository could be read, images of the registry no longer found are forgotten; when some could
 * not, the outcome is not ok and nothing is forgotten.
 */
final class RegistryScan {
    /** Where a scan reports: progress lines and repository counts. */
    interface Progress {
        void note(String line);

        void total(int more);

        void done();
    }

    private final UnitOfWork tx;
    private final ImageRepository images;
    private final SlotRegistry slots;
    private final Clock clock;

    RegistryScan(UnitOfWork tx, ImageRepository images, SlotRegistry slots, Clock clock) {
        this.tx = tx;
        this.images = images;
        this.slots = slots;
        this.clock = clock;
    }

    RegistryOutcome scan(ContainerRegistry reg, RegistryClient client, Progress progress) {
        String host = reg.hostname();
        List<String> repos;
        try {
            repos = new ArrayList<>();
            for (String r : client.catalog()) {
                if (reg.project() == null || reg.project().isEmpty() || r.startsWith(reg.project() + "/")) {
                    repos.add(r);
                }
            }
        } catch (IOException | RuntimeException e) {
            progress.note(host + ": " + message(e));
            return new RegistryOutcome(host, false, 0, 0, message(e));
        }
        progress.note(host + ": " + repos.size() + " repositories");
        progress.total(repos.size());
        Set<String> seen = new HashSet<>();
        int imported = 0;
        int skipped = 0;
        List<String> errors = new ArrayList<>();
        for (String repo : repos) {
            try {
                for (String tag : client.tags(repo)) {
                    try {
                        Image img = image(reg, client, repo, tag, line -> progress.note(host + "/" + repo + ":" + tag
                                + ": " + line));
                        if (img == null) {
                            skipped++;
                            continue;
                        }
                        store(img);
                        seen.add(img.reference());
                        imported++;
                    } catch (IOException | RuntimeException e) {
                        errors.add(repo + ":" + tag + ": " + message(e));
                        progress.note(host + "/" + repo + ":" + tag + ": " + message(e));
                    }
                }
            } catch (IOException | RuntimeException e) {
                errors.add(repo + ": " + message(e));
                progress.note(host + "/" + repo + ": " + message(e));
            } finally {
                progress.done();
            }
        }
        if (errors.isEmpty()) {
            int removed = tx.inTransaction(() -> {
                int n = 0;
                for (Image old : images.byRegistry(host)) {
                    if (!seen.contains(old.reference())) {
                        images.delete(old.reference());
                        n++;
                    }
                }
                return n;
            });
            progress.note(host + ": " + imported + " images imported, " + skipped + " not for Berth skipped"
                    + (removed > 0 ? ", " + removed + " no longer in the registry forgotten" : ""));
            return new RegistryOutcome(host, true, imported, skipped, null);
        }
        String error = errors.size() + " of the registry's images could not be read (first: " + errors.get(0)
                + "); no image was forgotten";
        progress.note(host + ": " + error);
        return new RegistryOutcome(host, false, imported, skipped, error);
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Inserts or replaces; an image an admin changed keeps its minimums and apps, and every image its agents. */
    private void store(Image img) {
        tx.run(() -> {
            Image old = images.find(img.reference()).orElse(null);
            Image next = img;
            if (old != null) {
                boolean custom = "true".equals(old.labels().get(ImageLabels.CUSTOMISED));
                Map<String, String> labels = new LinkedHashMap<>(img.labels());
                if (custom) {
                    labels.put(ImageLabels.CUSTOMISED, "true");
                }
                next = new Image(img.reference(), img.registry(), img.namespace(), img.name(), img.tag(),
                        img.architecture(), img.digest(), img.sizeBytes(), img.baseDistro(),
                        custom ? old.minResources() : img.minResources(), img.maxResources(), labels,
                        custom ? old.apps() : img.apps(), old.installedOn(), img.scannedAt(), img.modifiedAt());
            }
            images.upsert(next);
        });
    }

    /** The image of one tag, or null when it is not labelled for Berth. */
    Image image(ContainerRegistry reg, RegistryClient client, String repo, String tag,
            java.util.function.Consumer<String> note) throws IOException {
        RegistryClient.Manifest top = client.manifest(repo, tag);
        RegistryClient.Manifest m = top;
        if (top.isIndex()) {
            Map<String, Object> entry = pick(JsonTree.list(top.json(), "manifests"));
            String digest = JsonTree.string(entry, "digest");
            if (digest == null) {
                throw new IOException("the manifest list has no usable entry");
            }
            m = client.manifest(repo, digest);
            if (m.isIndex()) {
                throw new IOException("a manifest list names another list");
            }
        }
        Map<String, Object> config = JsonTree.objectOrEmpty(m.json(), "config");
        String configDigest = JsonTree.string(config, "digest");
        if (configDigest == null) {
            throw new IOException("the manifest has no config (schema 1 manifests are not supported)");
        }
        long size = JsonTree.number(config, "size");
        for (Object layer : JsonTree.list(m.json(), "layers")) {
            size += JsonTree.number(JsonTree.object(layer, "a layer"), "size");
        }
        Map<String, Object> blob = client.blob(repo, configDigest);
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : JsonTree.objectOrEmpty(JsonTree.objectOrEmpty(blob, "config"), "Labels")
                .entrySet()) {
            if (e.getValue() != null) {
                labels.put(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        if (!ImageLabels.forBerth(labels)) {
            return null;
        }
        labels.remove(ImageLabels.CUSTOMISED); // only an admin's change sets it
        int slash = repo.lastIndexOf('/');
        String namespace = slash < 0 ? "" : repo.substring(0, slash);
        String name = repo.substring(slash + 1);
        ResourceSlots min = ImageLabels.slots(labels, ImageLabels.MIN, slots, note);
        ResourceSlots max = ImageLabels.slots(labels, ImageLabels.MAX, slots, note);
        Instant now = clock.instant();
        return new Image(Image.reference(reg.hostname(), namespace, name, tag), reg.hostname(), namespace, name, tag,
                ImageLabels.architecture(JsonTree.string(blob, "architecture")), top.digest(), size,
                labels.get(ImageLabels.BASE_DISTRO), min, max, labels,
                ImageLabels.apps(labels.get(ImageLabels.SERVICE_PORTS), note), List.of(), now, now);
    }

    private static Map<String, Object> pick(List<Object> entries) throws IOException {
        Map<String, Object> firstLinux = null;
        Map<String, Object> first = null;
        for (Object o : entries) {
            Map<String, Object> e = JsonTree.object(o, "a manifest list entry");
            Map<String, Object> platform = JsonTree.objectOrEmpty(e, "platform");
            String os = JsonTree.string(platform, "os");
            String arch = JsonTree.string(platform, "architecture");
            if ("unknown".equals(os) || "unknown".equals(arch)) {
                continue; // attestation manifests
            }
            if (first == null) {
                first = e;
            }
            if ("linux".equals(os)) {
                if ("amd64".equals(arch)) {
                    return e;
                }
                if (firstLinux == null) {
                    firstLinux = e;
                }
            }
        }
        if (first == null) {
            throw new IOException("the manifest list has no entries");
        }
        return firstLinux != null ? firstLinux : first;
    }
}

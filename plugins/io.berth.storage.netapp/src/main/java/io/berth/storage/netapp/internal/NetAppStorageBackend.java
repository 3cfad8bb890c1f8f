package io.berth.storage.netapp.internal;

import com.google.gson.JsonObject;
import io.berth.spi.storage.Capability;
import io.berth.spi.storage.FolderPath;
import io.berth.spi.storage.FolderTrees;
import io.berth.spi.storage.FolderUsage;
import io.berth.spi.storage.QuotaScope;
import io.berth.spi.storage.QuotaUsage;
import io.berth.spi.storage.StorageBackend;
import io.berth.spi.storage.StorageException;
import io.berth.spi.storage.Volume;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Component;

/**
 * Storage backend {@code netapp}: a NetApp ONTAP volume, its quotas kept through the ONTAP REST API
 * and its files reached through the volume's NFS mount.
 *
 * <p><b>Layout.</b> ONTAP keeps quota trees (qtrees) only at the top of a volume, so every quota scope
 * is one qtree, named as {@link QtreeNames} says ({@code berth_<kind>_<scopeId>}, hashed when longer
 * than ONTAP's 64 characters), and a folder is the directory {@code <qtree>/<folderId>} in it
 * ({@link #folderLocation}). The volume's mount path must be the absolute path where the ONTAP
 * volume's root (its junction path) is mounted over NFS on this host; folders are created, deleted,
 * cloned and measured there, with the same rules as the {@code vfs} backend: symbolic links are
 * never followed, a folder or parent that is a link is refused, a clone keeps only relative links
 * that stay inside the source folder.
 *
 * <p><b>Qtrees and quotas.</b> A qtree is created through the API ({@code POST /api/storage/qtrees}),
 * never as a plain directory over NFS (ONTAP could not turn that into a qtree later): creating a
 * folder whose qtree is not on the mount creates the qtree first and waits (up to
 * {@code timeout_seconds}) until it shows on the mount. Each scope's limit is a tree quota rule
 * ({@code POST /api/storage/quota/rules}, type {@code tree}); a scope without limit keeps a rule
 * without {@code space.hard_limit}, so ONTAP still reports its usage. A limit is changed with
 * {@code PATCH /api/storage/quota/rules/{uuid}} and removed with {@code space.hard_limit = -1}, as
 * ONTAP documents. {@link #describeQuotaScope} reads {@code GET /api/storage/quota/reports}. Quotas
 * take effect only while they are on for the volume (an operator turns them on once, e.g.
 * {@code volume quota on}); ONTAP then resizes them on every rule change. Answers with a job
 * ({@code 202 Accepted}) are followed until the job ends, for at most {@code job_timeout_seconds}.
 *
 * <p><b>Options</b> are described in {@link OntapConfig}: {@code endpoint}, {@code svm}, {@code volume}
 * (required), {@code username}, {@code password}, {@code ssl_verify}, {@code timeout_seconds},
 * {@code job_timeout_seconds}, {@code allow_http}, {@code security_style}. Credentials are never
 * logged and never part of an exception message.
 *
 * <p>Capabilities {@link Capability#QUOTA QUOTA}, {@link Capability#USAGE USAGE} and
 * {@link Capability#CLONE CLONE}. Thread-safe: it keeps only shared HTTP clients.
 */
@Component(service = StorageBackend.class, property = StorageBackend.PROPERTY + "=" + NetAppStorageBackend.TYPE)
public final class NetAppStorageBackend implements StorageBackend {
    static final String TYPE = "netapp";
    private static final Set<Capability> CAPABILITIES =
            Collections.unmodifiableSet(EnumSet.of(Capability.QUOTA, Capability.USAGE, Capability.CLONE));
    /** {@code space.hard_limit} that clears a rule's limit in a PATCH. */
    private static final long CLEAR_LIMIT = -1;

    static final String QTREES = "/api/storage/qtrees";
    static final String RULES = "/api/storage/quota/rules";
    static final String REPORTS = "/api/storage/quota/reports";

    private final OntapClient ontap = new OntapClient();

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public String folderLocation(Volume volume, FolderPath folder) {
        checkVolume(volume);
        Objects.requireNonNull(folder, "folder");
        return QtreeNames.of(folder.scope()) + "/" + folder.folderId();
    }

    // ---------------------------------------------------------------- folders

    @Override
    public void createFolder(Volume volume, FolderPath folder) {
        OntapConfig config = config(volume);
        Path mount = mount(volume);
        Path dir = resolve(volume, mount, folder);
        ensureQtreeDirectory(volume, config, mount, folder, dir.getParent());
        FolderTrees.createDirectories(volume, mount, folder, dir);
    }

    /**
     * Makes sure the scope's qtree exists and shows as a real directory on the mount: when it does not
     * show, the qtree (and its rule) is created through the API, then the mount is watched until it
     * appears.
     */
    private void ensureQtreeDirectory(Volume volume, OntapConfig config, Path mount, FolderPath folder, Path qtreeDir) {
        if (FolderTrees.existingDirectory(volume, mount, folder, qtreeDir)) {
            return;
        }
        ensureScope(volume, config, folder.scope(), null);
        long deadline = System.nanoTime() + config.timeout.toNanos();
        long pause = 50;
        while (!visible(mount, qtreeDir)) {
            if (System.nanoTime() - deadline >= 0) {
                throw new StorageException("qtree " + qtreeDir.getFileName() + " of folder " + folder
                        + " exists on " + config + " but does not show at " + qtreeDir + " within "
                        + config.timeout.toSeconds() + " s: is mount path " + mount + " of volume " + volume.name()
                        + " the NFS mount of the root of ONTAP volume " + config.ontapVolume + "?");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted while waiting for qtree " + qtreeDir.getFileName()
                        + " of folder " + folder + " to show at " + qtreeDir + " on volume " + volume.name(), e);
            }
            pause = Math.min(pause * 2, 1000);
        }
    }

    /** Whether the qtree shows on the mount; reading the mount's listing refreshes an NFS client's cache. */
    private static boolean visible(Path mount, Path qtreeDir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(mount, p -> p.equals(qtreeDir))) {
            if (!entries.iterator().hasNext()) {
                return false;
            }
        } catch (IOException e) {
            throw new StorageException("cannot list mount path " + mount + ": " + FolderTrees.describe(e), e);
        }
        return Files.isDirectory(qtreeDir, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void deleteFolder(Volume volume, FolderPath folder) {
        config(volume);
        Path mount = mount(volume);
        FolderTrees.deleteFolder(volume, mount, folder, resolve(volume, mount, folder));
    }

    @Override
    public void cloneFolder(Volume volume, FolderPath from, FolderPath to) {
        OntapConfig config = config(volume);
        Path mount = mount(volume);
        Path source = resolve(volume, mount, from);
        Path target = resolve(volume, mount, to);
        FolderTrees.checkClone(volume, mount, from, source, to, target);
        ensureQtreeDirectory(volume, config, mount, to, target.getParent());
        FolderTrees.clone(volume, mount, from, source, to, target);
    }

    @Override
    public FolderUsage usage(Volume volume, FolderPath folder) {
        config(volume);
        Path mount = mount(volume);
        return FolderTrees.usage(volume, mount, folder, resolve(volume, mount, folder));
    }

    // ---------------------------------------------------------------- quotas

    @Override
    public void createQuotaScope(Volume volume, QuotaScope scope, long hardLimitBytes) {
        checkVolume(volume);
        Objects.requireNonNull(scope, "scope");
        QuotaUsage.requireLimitOrNone(volume, scope, hardLimitBytes);
        ensureScope(volume, config(volume), scope, hardLimitBytes);
    }

    @Override
    public void setQuota(Volume volume, QuotaScope scope, long hardLimitBytes) {
        checkVolume(volume);
        Objects.requireNonNull(scope, "scope");
        QuotaUsage.requirePositive(volume, scope, hardLimitBytes);
        ensureScope(volume, config(volume), scope, hardLimitBytes);
    }

    @Override
    public void unsetQuota(Volume volume, QuotaScope scope) {
        checkVolume(volume);
        Objects.requireNonNull(scope, "scope");
        OntapConfig config = config(volume);
        String qtree = QtreeNames.of(scope);
        Supplier<String> what = () -> "cannot remove the quota limit of scope " + scope + " (qtree " + qtree
                + ") on volume " + volume.name() + " (" + config + ")";
        Optional<JsonObject> rule = findRule(config, qtree, what);
        if (rule.isEmpty() || limitOf(rule.get()) == QuotaUsage.NO_LIMIT) {
            return;
        }
        patchLimit(config, rule.get(), QuotaUsage.NO_LIMIT, what);
    }

    @Override
    public Optional<QuotaUsage> describeQuotaScope(Volume volume, QuotaScope scope) {
        checkVolume(volume);
        Objects.requireNonNull(scope, "scope");
        OntapConfig config = config(volume);
        String qtree = QtreeNames.of(scope);
        Supplier<String> what = () -> "cannot describe quota scope " + scope + " (qtree " + qtree + ") on volume "
                + volume.name() + " (" + config + ")";
        List<JsonObject> reports = ontap.records(config, REPORTS, List.of("svm.name", config.svm,
                "volume.name", config.ontapVolume, "type", "tree", "qtree.name", qtree, "fields", "space"), what);
        for (JsonObject report : reports) {
            if (!namedQtree(report, qtree)) {
                continue;
            }
            JsonObject space = OntapClient.object(report, "space").orElseGet(JsonObject::new);
            long used = OntapClient.object(space, "used").flatMap(u -> OntapClient.number(u, "total")).orElse(0L);
            long limit = OntapClient.number(space, "hard_limit").orElse(QuotaUsage.NO_LIMIT);
            return Optional.of(new QuotaUsage(scope, Math.max(0, used), Math.max(QuotaUsage.NO_LIMIT, limit)));
        }
        if (findQtree(config, qtree, what).isEmpty()) {
            return Optional.empty();
        }
        throw new StorageException(what.get() + ": ONTAP has no tree quota report for qtree " + qtree
                + ", which exists; quotas are probably off on ONTAP volume " + config.ontapVolume
                + " (turn them on, e.g. volume quota on -vserver " + config.svm + " -volume " + config.ontapVolume
                + ")");
    }

    /**
     * Creates the scope's qtree and tree quota rule where missing and sets the rule's limit.
     *
     * @param limit the limit to set ({@link QuotaUsage#NO_LIMIT} for none), or {@code null} to keep the
     *              limit of an existing rule (a new rule then has none)
     */
    private void ensureScope(Volume volume, OntapConfig config, QuotaScope scope, Long limit) {
        String qtree = QtreeNames.of(scope);
        Supplier<String> what = () -> "cannot create quota scope " + scope + " (qtree " + qtree + ") on volume "
                + volume.name() + " (" + config + ")";
        if (findQtree(config, qtree, what).isEmpty()) {
            JsonObject body = new JsonObject();
            body.add("svm", named(config.svm));
            body.add("volume", named(config.ontapVolume));
            body.addProperty("name", qtree);
            if (config.securityStyle != null) {
                body.addProperty("security_style", config.securityStyle);
            }
            try {
                ontap.change(config, "POST", QTREES, body, what);
            } catch (OntapClient.OntapException e) {
                if (!e.refused() || findQtree(config, qtree, what).isEmpty()) {
                    throw e;
                }
                // created concurrently: the qtree is there, as wanted
            }
        }
        Supplier<String> limitWhat = () -> "cannot set the quota limit of scope " + scope + " (qtree " + qtree
                + ") on volume " + volume.name() + " (" + config + ") to " + describeLimit(limit);
        Optional<JsonObject> rule = findRule(config, qtree, limitWhat);
        if (rule.isEmpty()) {
            JsonObject body = new JsonObject();
            body.add("svm", named(config.svm));
            body.add("volume", named(config.ontapVolume));
            body.addProperty("type", "tree");
            body.add("qtree", named(qtree));
            if (limit != null && limit != QuotaUsage.NO_LIMIT) {
                JsonObject space = new JsonObject();
                space.addProperty("hard_limit", limit);
                body.add("space", space);
            }
            try {
                ontap.change(config, "POST", RULES, body, limitWhat);
                return;
            } catch (OntapClient.OntapException e) {
                if (!e.refused()) {
                    throw e;
                }
                rule = findRule(config, qtree, limitWhat);
                if (rule.isEmpty()) {
                    throw e;
                }
                // created concurrently: set the limit on that rule below
            }
        }
        if (limit != null && limitOf(rule.get()) != limit) {
            patchLimit(config, rule.get(), limit, limitWhat);
        }
    }

    private void patchLimit(OntapConfig config, JsonObject rule, long limit, Supplier<String> what) {
        String uuid = OntapClient.string(rule, "uuid").orElseThrow(() -> new StorageException(what.get()
                + ": ONTAP listed the tree quota rule without a uuid"));
        JsonObject space = new JsonObject();
        space.addProperty("hard_limit", limit == QuotaUsage.NO_LIMIT ? CLEAR_LIMIT : limit);
        JsonObject body = new JsonObject();
        body.add("space", space);
        ontap.change(config, "PATCH", RULES + "/" + URLEncoder.encode(uuid, StandardCharsets.UTF_8), body, what);
    }

    private Optional<JsonObject> findQtree(OntapConfig config, String qtree, Supplier<String> what) {
        return ontap.records(config, QTREES, List.of("svm.name", config.svm, "volume.name", config.ontapVolume,
                "name", qtree), what).stream()
                .filter(r -> OntapClient.string(r, "name").map(qtree::equals).orElse(true))
                .findFirst();
    }

    private Optional<JsonObject> findRule(OntapConfig config, String qtree, Supplier<String> what) {
        return ontap.records(config, RULES, List.of("svm.name", config.svm, "volume.name", config.ontapVolume,
                "type", "tree", "qtree.name", qtree, "fields", "space"), what).stream()
                .filter(r -> namedQtree(r, qtree))
                .findFirst();
    }

    /** Whether a rule or report names the qtree, or names none (ONTAP filtered for it). */
    private static boolean namedQtree(JsonObject record, String qtree) {
        return OntapClient.object(record, "qtree").flatMap(q -> OntapClient.string(q, "name"))
                .map(qtree::equals).orElse(true);
    }

    /** The rule's hard limit, {@link QuotaUsage#NO_LIMIT} when it has none (absent, null or -1). */
    private static long limitOf(JsonObject rule) {
        long limit = OntapClient.object(rule, "space").flatMap(s -> OntapClient.number(s, "hard_limit"))
                .orElse(QuotaUsage.NO_LIMIT);
        return limit > 0 ? limit : QuotaUsage.NO_LIMIT;
    }

    private static String describeLimit(Long limit) {
        return limit == null || limit == QuotaUsage.NO_LIMIT ? "none" : limit + " bytes";
    }

    private static JsonObject named(String name) {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        return o;
    }

    // ---------------------------------------------------------------- checks

    private static OntapConfig config(Volume volume) {
        checkVolume(volume);
        return OntapConfig.of(volume);
    }

    private static void checkVolume(Volume volume) {
        FolderTrees.checkVolume(volume, TYPE);
    }

    /** The volume's mount path (see {@link FolderTrees#mount}), after checking the volume's type. */
    static Path mount(Volume volume) {
        checkVolume(volume);
        return FolderTrees.mount(volume);
    }

    /** The folder's directory {@code <mount>/<qtree>/<folderId>} ({@link #folderLocation}), inside the mount path. */
    static Path resolve(Volume volume, Path mount, FolderPath folder) {
        Objects.requireNonNull(folder, "folder");
        return FolderTrees.folderDir(volume, mount, folder, QtreeNames.of(folder.scope()) + "/" + folder.folderId());
    }
}
